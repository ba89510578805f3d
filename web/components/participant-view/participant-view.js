/**
 * <br-participant-view>: what a phone shows during a session. The antwoorden my rol may give are large
 * tap targets; the others are visible but disabled and marked 'alleen voor …'. A tap is shown as chosen
 * only once the server answers `voted`; a tap while offline waits and is sent once after resuming.
 * Set `.content` and `.link`, then feed it `welcome(frame)` and `frame(frame)`; state frames may be compact
 * (route deltas), and are put together with what the view already holds.
 */
import { h, fill } from '../../lib/dom.js';
import { formatJoinCode } from '../../lib/joincode.js';
import { begrippenLine, explainedText, markedText } from '../begrip-uitleg/begrip-uitleg.js';

const LETTERS = 'ABCDEFGHIJ';

class ParticipantViewElement extends HTMLElement {
  #content;
  #link;
  #me = { name: '', rol: '' };
  #joinCode = '';
  #state = null;
  #myVote = null;
  #pending = null;
  #shownKey = '';
  #choices = new Map();
  #body = h('div', { class: 'pv-body' });
  #status = h('p', { class: 'vote-status', role: 'status', 'aria-live': 'polite' });
  #announcer = h('p', { class: 'sr-only', 'aria-live': 'polite' });
  #whoami = h('p', { class: 'whoami' });
  #countDown = h('br-count-down', { class: 'pv-count-down' });
  #remarkForm = h('br-remark-form');

  set content(content) {
    this.#content = content;
  }

  set link(link) {
    this.#link = link;
    this.#remarkForm.link = link;
  }

  /** Shown (grouped, as on every screen) next to the name, so a neighbour can be told the code. */
  set joinCode(code) {
    this.#joinCode = code ?? '';
  }

  connectedCallback() {
    if (!this.#body.isConnected) {
      // The remark field sits under the antwoorden and the vote status, for the current vraag only.
      fill(this, this.#whoami, this.#body, this.#status, this.#remarkForm, this.#announcer);
    }
  }

  welcome(frame) {
    this.#me = { name: frame.name ?? this.#me.name, rol: frame.rol ?? this.#me.rol };
    const state = frame.state;
    this.#myVote = frame.myVote && frame.myVote.vraagId === state.vraagId ? frame.myVote : null;
    this.#state = state;
    if (this.#pending) {
      const p = this.#pending;
      if (state.stage !== 'voting' || p.vraagId !== state.vraagId) {
        this.#pending = null;
        this.#setStatus('Je stem kon niet meer mee: de stemming was al gesloten.', true);
      } else if (this.#myVote?.antwoordId === p.antwoordId) {
        this.#pending = null;
      } else {
        this.#link.send({ type: 'vote', vraagId: p.vraagId, antwoordId: p.antwoordId });
        this.#setStatus('Je stem wordt verstuurd…');
      }
    }
    this.#render();
  }

  frame(frame) {
    if (frame.type === 'state') {
      const before = this.#state;
      const state = this.#whole(frame.state);
      if (!state) {
        return;
      }
      const freshVote = state.stage === 'voting' && (before?.stage !== 'voting' || before?.vraagId !== state.vraagId);
      if (freshVote || state.vraagId !== before?.vraagId) {
        this.#myVote = null;
        this.#pending = null;
        this.#setStatus('');
      } else if (state.stage !== 'voting' && before?.stage === 'voting') {
        // The vote closed: 'you can still change' no longer holds; a tap that did not arrive is lost.
        this.#pending = null;
        this.#setStatus('');
      }
      this.#state = state;
      this.#render();
      this.#announce(before, state);
    } else if (frame.type === 'voted') {
      if (frame.vraagId === this.#state?.vraagId) {
        this.#myVote = { vraagId: frame.vraagId, antwoordId: frame.antwoordId };
        if (this.#pending?.antwoordId === frame.antwoordId) {
          this.#pending = null;
        }
        const index = this.#content.vraag(frame.vraagId).antwoorden.findIndex((a) => a.id === frame.antwoordId);
        this.#setStatus(`Je stem is ontvangen: antwoord ${LETTERS[index]}. Je kunt nog wisselen zolang de stemming open is.`);
        this.#updateChoices();
      }
    } else if (frame.type === 'remarked') {
      this.#remarkForm.remarked(frame);
    } else if (frame.type === 'error' && this.#isAboutRemark(frame)) {
      this.#remarkForm.error(frame);
    } else if (frame.type === 'error') {
      this.#pending = null;
      this.#setStatus(frame.message, true);
      this.#updateChoices();
    }
  }

  /**
   * The whole state from a compact one (PROTOCOL.md, "Compact state for phones"): its fields replace ours,
   * what it leaves out (title, session) stays as the welcome gave it, and the route follows `routeLength`
   * and its last `step` (or is replaced when the frame carries a whole `route`). A route that would get a
   * hole (a frame missed) cannot be trusted: the link reconnects, and the welcome brings the whole state.
   */
  #whole(next) {
    const before = this.#state ?? {};
    if (Array.isArray(next.route) || typeof next.routeLength !== 'number') {
      return { ...before, ...next };
    }
    const { routeLength, step, ...fields } = next;
    const route = (before.route ?? []).slice(0, routeLength);
    if (step) {
      if (route.length < routeLength - 1) {
        this.#link.reconnect();
        return null;
      }
      route[routeLength - 1] = step;
    }
    return { ...before, ...fields, route };
  }

  /** Errors carry no request type: the remark's own codes, or any error while only a remark is on its way. */
  #isAboutRemark(frame) {
    return ['remark_too_long', 'too_many_remarks', 'not_current_vraag'].includes(frame.code)
      || this.#remarkForm.pending && !this.#pending;
  }

  #setStatus(text, isError = false) {
    this.#status.textContent = text;
    this.#status.classList.toggle('is-error', isError);
  }

  #announce(before, state) {
    if (!before) {
      return;
    }
    let text = '';
    if (state.status === 'finished' && before.status !== 'finished') {
      text = 'De sessie is afgerond.';
    } else if (state.stage === 'voting' && before.stage !== 'voting') {
      text = 'De stemming is open. Kies een antwoord.';
    } else if (state.stage === 'result' && (before.stage !== 'result' || before.result?.antwoordId !== state.result?.antwoordId)) {
      text = state.result
        ? 'De stemming is gesloten. De groep koos: ' + (this.#content.antwoord(state.result.antwoordId)?.tekst ?? '')
        : 'De stemming is gesloten. Het staat gelijk; de begeleider kiest.';
    } else if (state.vraagId && state.vraagId !== before.vraagId) {
      text = 'Nieuwe vraag: ' + (this.#content.vraag(state.vraagId)?.tekst ?? '');
    }
    if (text) {
      this.#announcer.textContent = text;
    }
  }

  #render() {
    const s = this.#state;
    const rolNaam = this.#content.rolNaam(this.#me.rol);
    fill(this.#whoami, h('span', {}, this.#me.name), ` · ${rolNaam}`,
      this.#joinCode ? ` · code ${formatJoinCode(this.#joinCode)}` : null);
    this.#countDown.show(s.stage === 'voting' ? s.votingEndsAt : null);
    this.#remarkForm.forVraag(s.status === 'running' ? s.vraagId : null);
    this.#remarkForm.hidden = !(s.status === 'running' && s.vraagId);
    const key = [s.status, s.vraagId, s.stage, s.result?.antwoordId, s.result?.decidedBy].join('|');
    if (key === this.#shownKey) {
      this.#updateChoices();
      return;
    }
    this.#shownKey = key;
    this.#choices.clear();
    if (s.status === 'lobby') {
      fill(this.#body,
        h('h1', {}, s.title),
        h('p', { class: 'big' }, 'Welkom, ', h('span', {}, this.#me.name), `! Je doet mee als ${rolNaam.toLowerCase()}.`),
        h('p', {}, 'We wachten tot de begeleider begint. Houd deze pagina open; je telefoon mag op slot.'));
      return;
    }
    if (s.status === 'finished') {
      const trail = h('br-route-trail');
      fill(this.#body,
        h('h1', {}, 'De sessie is afgerond'),
        h('p', { class: 'big' }, 'Bedankt voor het meedoen! Dit is de route die de groep koos.'),
        trail);
      trail.show({ content: this.#content, route: s.route, vraagId: null });
      return;
    }
    if (!s.vraagId) {
      fill(this.#body,
        h('h1', {}, 'Alle vier de fasen zijn klaar'),
        h('p', {}, 'De begeleider rondt de sessie zo af.'));
      return;
    }
    const fase = this.#content.fase(s.fase);
    const vraag = this.#content.vraag(s.vraagId);
    const number = s.route.filter((step) => step.fase === s.fase).length + 1;
    const header = [
      h('p', { class: 'fase-label' }, `${fase?.naam ?? ''} · vraag ${number} van 3`),
      h('h1', { class: 'vraag' }, explainedText(this.#content, vraag.tekst)),
      h('p', { class: 'toelichting' }, explainedText(this.#content, vraag.toelichting)),
    ];
    if (s.stage === 'result') {
      const bars = h('br-vote-bars');
      const result = h('br-result');
      const mine = this.#myVote ? this.#content.antwoord(this.#myVote.antwoordId) : null;
      fill(this.#body, header,
        s.result ? result : h('p', { class: 'notice' }, 'Het staat gelijk, of er is niet gestemd. De begeleider kiest het antwoord van de groep.'),
        mine ? h('p', { class: 'muted' }, 'Jij koos: ', mine.tekst) : null,
        h('details', { class: 'all-votes' }, h('summary', {}, 'Bekijk alle stemmen'), bars));
      result.show({ content: this.#content, result: s.result, text: (t) => explainedText(this.#content, t) });
      bars.show({ content: this.#content, vraagId: s.vraagId, counts: s.votes?.counts ?? {}, chosen: s.result?.antwoordId });
      return;
    }
    const voting = s.stage === 'voting';
    const list = h('ol', { class: 'choices' }, vraag.antwoorden.map((antwoord, index) => {
      const allowed = this.#content.mayGive(antwoord, this.#me.rol);
      const mark = h('span', { class: 'choice-mark' });
      const button = h('button', {
        type: 'button', class: 'choice', disabled: !allowed || !voting, 'aria-pressed': 'false',
        'aria-describedby': allowed ? null : `only-${antwoord.id}`,
        onclick: () => this.#tap(antwoord.id),
      },
      h('span', { class: 'letter', 'aria-hidden': 'true' }, LETTERS[index]),
      h('span', { class: 'choice-text' }, markedText(this.#content, antwoord.tekst),
        allowed ? null : h('span', { class: 'only-for', id: `only-${antwoord.id}` }, this.#content.onlyFor(antwoord)),
        mark));
      this.#choices.set(antwoord.id, { button, mark, allowed });
      return h('li', {}, button);
    }));
    fill(this.#body, header,
      voting ? h('p', { class: 'hint-line' }, 'Tik op het antwoord dat jij kiest. ', this.#countDown)
        : h('p', { class: 'notice' }, 'De stemming is nog niet open. Lees de antwoorden alvast.'),
      list,
      // A word inside an antwoord cannot be a button of its own (the antwoord is one); explained here.
      begrippenLine(this.#content, vraag.antwoorden.map((a) => a.tekst), 'Uitleg bij woorden in de antwoorden:'));
    this.#updateChoices();
  }

  #updateChoices() {
    const voting = this.#state?.stage === 'voting';
    for (const [id, choice] of this.#choices) {
      const confirmed = this.#myVote?.antwoordId === id;
      const pending = this.#pending?.antwoordId === id;
      choice.button.disabled = !choice.allowed || !voting;
      choice.button.setAttribute('aria-pressed', String(confirmed));
      choice.button.classList.toggle('is-chosen', confirmed);
      choice.button.classList.toggle('is-pending', pending && !confirmed);
      choice.mark.textContent = confirmed ? '✓ Jouw stem'
        : pending ? (this.#link?.online ? 'wordt verstuurd…' : 'wacht op verbinding…') : '';
    }
  }

  #tap(antwoordId) {
    const s = this.#state;
    if (s?.stage !== 'voting' || this.#myVote?.antwoordId === antwoordId && !this.#pending) {
      return;
    }
    this.#pending = { vraagId: s.vraagId, antwoordId };
    if (this.#link.send({ type: 'vote', vraagId: s.vraagId, antwoordId })) {
      this.#setStatus('Je stem wordt verstuurd…');
    } else {
      this.#setStatus('Je bent even offline. We sturen je stem zodra de verbinding terug is.');
    }
    this.#updateChoices();
  }
}

export function registerParticipantView() {
  customElements.get('br-participant-view') ?? customElements.define('br-participant-view', ParticipantViewElement);
}
