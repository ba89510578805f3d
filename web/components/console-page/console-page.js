/**
 * <br-console-page>: the facilitator's console. In the lobby a big QR code and the code, and who joined
 * per rol; then the controls (each enabled only when the contract accepts it), a live bar per antwoord
 * split by rol, 'gestemd: 7 van 9 (…)', the route as a trail through the fasen and, after closing, the
 * reflectie, werkzame elementen and interventies to talk about. The content's guidance for the facilitator
 * (inleiding, afsluiting, gespreksvragen, minuten, the evening's length) comes from guidance-panel.
 */
import { loadContent } from '../../lib/content.js';
import { h, fill } from '../../lib/dom.js';
import { allowedCommands, facilitatorAccess, rememberFromState, votedLine, votesToShow } from '../../lib/facilitator.js';
import { formatJoinCode } from '../../lib/joincode.js';
import { LiveLink } from '../../lib/live.js';
import { facilitatedSession, rememberSession } from '../../lib/storage.js';

/** The times a facilitator may give a vote (seconds; '' = no clock). The vraag's suggested minuten are added. */
const VOTE_TIMES = [['', 'Geen tijd'], ['30', '30 seconden'], ['60', '1 minuut'], ['120', '2 minuten'], ['300', '5 minuten']];
const MAX_VOTE_SECONDS = 900;

const LABELS = {
  start: 'Start de eerste vraag',
  openVoting: 'Stemming openen',
  reopen: 'Opnieuw stemmen',
  closeVoting: 'Stemming sluiten',
  next: 'Volgende vraag',
  back: 'Vorige vraag',
  finish: 'Sessie afronden',
};

class ConsolePageElement extends HTMLElement {
  #content;
  #access;
  #link;
  #state = null;
  #tally = null;
  /** While 'Weet je het zeker?' shows: where, and how to put the buttons back. */
  #confirmFinish = null;
  #errorArea = null;
  #el = {};
  /** The current vraag's remarks: the state's list, plus those that came in since as `remark` frames. */
  #remarks = [];

  async connectedCallback() {
    if (this.#content) {
      return;
    }
    this.#access = facilitatorAccess();
    if (!this.#access.sessionId || !this.#access.token) {
      fill(this, h('section', { class: 'card', role: 'alert' },
        h('h1', {}, 'Deze link is niet compleet'),
        h('p', {}, 'De console heeft de geheime sleutel van de begeleider nodig. Open de sessie via de startpagina op de computer waarop je haar maakte.'),
        h('a', { class: 'button', href: '/' }, 'Naar de startpagina')));
      return;
    }
    fill(this, h('p', { class: 'muted' }, 'Even verbinden…'));
    try {
      this.#content = await loadContent();
    } catch (error) {
      fill(this, h('p', { class: 'error', role: 'alert' }, error.message));
      return;
    }
    this.#build();
    this.#link = new LiveLink(() => ({ type: 'facilitate', sessionId: this.#access.sessionId, facilitatorToken: this.#access.token }),
      { lead: true });
    const banner = document.querySelector('br-conn-banner');
    if (banner) {
      banner.link = this.#link;
    }
    this.#link.addEventListener('welcome', (e) => this.#onState(e.detail.state));
    this.#link.addEventListener('frame', (e) => this.#onFrame(e.detail));
    this.#link.addEventListener('refused', (e) => fill(this, h('section', { class: 'card', role: 'alert' },
      h('h1', {}, 'Geen toegang'),
      h('p', {}, e.detail.code === 'bad_token'
        ? 'Deze sessie bestaat niet of de sleutel in de link klopt niet. Open de sessie via de startpagina.'
        : e.detail.message),
      h('a', { class: 'button', href: '/' }, 'Naar de startpagina'))));
    this.#link.start();
  }

  #build() {
    const button = (command, extraClass = '') => h('button', {
      type: 'button', class: 'button ' + extraClass, disabled: true, 'data-command': command,
      onclick: () => this.#command(command),
    }, LABELS[command]);
    const el = this.#el;
    el.title = h('h1', { class: 'console-title' });
    el.subtitle = h('p', { class: 'muted console-subtitle' });
    // The beamer gets a viewer token, never the facilitator's: a link on a second screen controls nothing.
    el.beamer = h('a', { class: 'button', target: '_blank', rel: 'noopener noreferrer', 'aria-disabled': 'true' },
      'Beamerscherm openen');
    this.#setBeamerLink(this.#access.saved?.viewerToken);
    el.joinLine = h('p', { class: 'join-line' });

    el.lobby = h('section', { class: 'card lobby', 'aria-labelledby': 'lobby-h' },
      h('h2', { id: 'lobby-h' }, 'Laat iedereen meedoen'),
      el.qr = h('br-join-qr'),
      h('div', { class: 'button-row center' }, el.start = h('button', { type: 'button', class: 'button button-primary button-large',
        onclick: () => this.#command('next') }, LABELS.start)),
      el.lobbyError = h('p', { class: 'error', role: 'alert' }));

    el.guidance = h('br-guidance');
    el.clock = h('br-vraag-clock');
    el.gespreksvragen = h('br-gespreksvragen');
    el.fase = h('p', { class: 'fase-label' });
    el.vraag = h('h2', { class: 'vraag' });
    el.toelichting = h('p', { class: 'toelichting muted' });
    el.controls = {
      openVoting: button('openVoting', 'button-primary'),
      closeVoting: button('closeVoting', 'button-primary'),
      next: button('next', 'button-primary'),
      back: button('back'),
    };
    el.tallyToggle = h('button', { type: 'button', class: 'button', 'aria-pressed': 'false',
      onclick: () => this.#link.send({ type: 'showTally', show: !this.#state?.tallyShown }) }, 'Tussenstand op de beamer');
    el.voteTime = h('select', { id: 'vote-time', name: 'vote-time' });
    el.voteTimeBox = h('div', { class: 'vote-time' }, h('label', { for: 'vote-time' }, 'Tijd voor de stemming'), el.voteTime);
    el.countDown = h('br-count-down');
    el.remarkList = h('br-remark-list');
    el.remarkError = h('p', { class: 'error', role: 'alert' });
    const remarkCommand = (type, remarkId) => {
      this.#errorArea = el.remarkError;
      el.remarkError.textContent = '';
      if (!this.#link.send(remarkId ? { type, remarkId } : { type })) {
        el.remarkError.textContent = 'Er is nu geen verbinding. Probeer het zo opnieuw.';
      }
    };
    el.remarkList.addEventListener('show-remark', (e) => remarkCommand('showRemark', e.detail.remarkId));
    el.remarkList.addEventListener('withdraw-remark', () => remarkCommand('withdrawRemark'));
    el.remarkList.addEventListener('hide-remark', (e) => remarkCommand('hideRemark', e.detail.remarkId));
    el.remarkCount = h('span', {});
    el.remarksCard = h('section', { class: 'card remarks', 'aria-labelledby': 'remarks-h' },
      h('h2', { id: 'remarks-h' }, 'Toelichtingen ', el.remarkCount),
      h('p', { class: 'muted' }, 'Wat deelnemers bij deze vraag schrijven, met hun rol (nooit hun naam). Zet er een op het scherm, of verberg hem voorgoed.'),
      el.remarkError, el.remarkList);
    el.commandError = h('p', { class: 'error', role: 'alert' });
    el.voted = h('p', { class: 'voted-line', role: 'status', 'aria-live': 'polite' });
    el.tie = h('p', { class: 'notice', hidden: true });
    el.bars = h('br-vote-bars');
    el.bars.addEventListener('decide', (e) => this.#decide(e.detail.antwoordId));
    el.result = h('br-result');
    el.current = h('section', { class: 'card current', 'aria-labelledby': 'current-h' },
      h('h2', { class: 'sr-only', id: 'current-h' }, 'Huidige vraag'),
      el.fase, el.clock, el.vraag, el.toelichting,
      h('div', { class: 'button-row controls', role: 'group', 'aria-label': 'Bediening' },
        el.voteTimeBox, el.controls.openVoting, el.controls.closeVoting, el.controls.next, el.controls.back, el.tallyToggle),
      el.commandError, h('div', { class: 'voted-row' }, el.voted, el.countDown), el.tie, el.bars,
      el.resultBox = h('div', { class: 'result-box' }, el.result),
      el.gespreksvragen);

    // At the end of the route the finishing action sits here, in the card the facilitator is looking at;
    // the side column's 'Afronden' card (for stopping early) is hidden then, so there is one such button.
    el.finishAtEnd = h('button', { type: 'button', class: 'button button-primary button-large',
      onclick: () => this.#askFinish(el.finishAtEndBox, el.finishAtEnd, el.finishAtEndError) }, LABELS.finish);
    el.finishAtEndError = h('p', { class: 'error', role: 'alert' });
    el.allDone = h('section', { class: 'card all-done', hidden: true, 'aria-labelledby': 'all-done-h' },
      h('h2', { id: 'all-done-h' }, 'Alle vier de fasen zijn klaar'),
      h('p', {}, 'Rond de sessie af: dan wordt de route bewaard en kan niemand meer stemmen. Wil je nog iets veranderen? Ga dan een vraag terug.'),
      el.finishAtEndBox = h('div', { class: 'finish-box' }, h('div', { class: 'button-row' }, el.finishAtEnd,
        el.backAtEnd = h('button', { type: 'button', class: 'button', onclick: () => this.#command('back') }, LABELS.back))),
      el.finishAtEndError);

    el.finished = h('section', { class: 'card finished', hidden: true },
      h('h2', {}, 'De sessie is afgerond'),
      h('p', {}, 'De route is bewaard. Bekijk en print hem, of download hem als CSV of Markdown.'),
      el.routeLink = h('a', { class: 'button button-primary' }, 'Route bekijken'));

    el.room = h('br-room-control');
    el.room.addEventListener('send', (e) => {
      this.#errorArea = { set textContent(text) { el.room.error(text); } };
      if (!this.#link.send(e.detail.message)) {
        el.room.error('Er is nu geen verbinding. Probeer het zo opnieuw.');
      }
    });
    el.trail = h('br-route-trail');
    el.people = h('br-people-list');
    el.people.addEventListener('remove', (e) => {
      this.#errorArea = el.peopleError;
      this.#link.send({ type: 'remove', participantId: e.detail.participantId });
    });
    el.peopleError = h('p', { class: 'error', role: 'alert' });
    el.peopleCount = h('span', {});
    el.finish = h('button', { type: 'button', class: 'button button-danger',
      onclick: () => this.#askFinish(el.finishBox, el.finish, el.finishError) }, LABELS.finish);
    el.finishBox = h('div', { class: 'finish-box' }, el.finish);
    el.finishError = h('p', { class: 'error', role: 'alert' });

    fill(this,
      h('div', { class: 'console-head' },
        h('div', {}, el.title, el.subtitle, el.joinLine),
        h('div', { class: 'button-row' }, el.beamer)),
      h('div', { class: 'console-grid' },
        h('div', { class: 'console-main' }, el.lobby, el.guidance, el.current, el.remarksCard, el.allDone, el.finished),
        h('div', { class: 'console-side' },
          el.roomCard = h('section', { class: 'card room-card', 'aria-labelledby': 'room-h' },
            h('h2', { id: 'room-h' }, 'Wie mag erbij'), el.room),
          h('section', { class: 'card', 'aria-labelledby': 'trail-h' }, h('h2', { id: 'trail-h' }, 'De route tot nu toe'), el.trail),
          h('section', { class: 'card', 'aria-labelledby': 'people-h' },
            h('h2', { id: 'people-h' }, 'Deelnemers ', el.peopleCount), el.peopleError, el.people),
          el.endCard = h('section', { class: 'card', 'aria-labelledby': 'end-h' },
            h('h2', { id: 'end-h' }, 'Afronden'),
            h('p', { class: 'muted' }, 'Afronden stopt de sessie en bewaart de route. Daarna kan niemand meer stemmen.'),
            el.finishBox, el.finishError))));
  }

  #setBeamerLink(viewerToken) {
    if (!viewerToken) {
      return;
    }
    this.#el.beamer.href = `/b/${encodeURIComponent(this.#access.sessionId)}#view=${encodeURIComponent(viewerToken)}`;
    this.#el.beamer.removeAttribute('aria-disabled');
  }

  #onFrame(frame) {
    if (['joinRate', 'people', 'removedMany', 'joinCode'].includes(frame.type)) {
      this.#el.room.frame(frame);
      if (frame.type === 'removedMany') {
        this.#el.peopleError.textContent = '';
      }
      return;
    }
    if (frame.type === 'viewerToken') {
      rememberSession({ sessionId: this.#access.sessionId, viewerToken: frame.viewerToken });
      this.#access.saved = { ...(this.#access.saved ?? {}), viewerToken: frame.viewerToken };
      this.#setBeamerLink(frame.viewerToken);
      return;
    }
    if (frame.type === 'state') {
      this.#onState(frame.state);
    } else if (frame.type === 'tally') {
      if (frame.vraagId === this.#state?.vraagId && this.#state?.stage === 'voting') {
        this.#tally = frame;
        this.#showVotes();
      }
    } else if (frame.type === 'remark') {
      if (frame.vraagId === this.#state?.vraagId && !this.#remarks.some((r) => r.remarkId === frame.remarkId)) {
        this.#remarks = [...this.#remarks, frame];
        this.#showRemarks();
      }
    } else if (frame.type === 'error') {
      (this.#errorArea ?? this.#el.commandError).textContent = frame.message;
    }
  }

  #command(type) {
    this.#errorArea = this.#state?.status === 'lobby' ? this.#el.lobbyError : this.#el.commandError;
    this.#errorArea.textContent = '';
    const message = { type };
    if (type === 'openVoting' && this.#el.voteTime.value) {
      message.seconds = Number(this.#el.voteTime.value);
    }
    if (!this.#link.send(message)) {
      this.#errorArea.textContent = 'Er is nu geen verbinding. Probeer het zo opnieuw.';
    }
  }

  #decide(antwoordId) {
    this.#errorArea = this.#el.commandError;
    this.#el.commandError.textContent = '';
    this.#link.send({ type: 'decide', antwoordId });
  }

  /** Asks 'Weet je het zeker?' in place of `box`'s contents; both answers put them back. */
  #askFinish(box, button, errorArea) {
    const before = [...box.childNodes];
    const restore = () => {
      this.#confirmFinish = null;
      fill(box, before);
    };
    this.#confirmFinish = { box, restore };
    const yes = h('button', { type: 'button', class: 'button button-danger', onclick: () => {
      restore();
      this.#errorArea = errorArea;
      errorArea.textContent = '';
      if (!this.#link.send({ type: 'finish' })) {
        errorArea.textContent = 'Er is nu geen verbinding. Probeer het zo opnieuw.';
      }
    } }, 'Ja, afronden');
    fill(box,
      h('p', { class: 'notice' }, 'Weet je het zeker? Daarna kan niemand meer stemmen.'),
      h('div', { class: 'button-row' }, yes,
        h('button', { type: 'button', class: 'button', onclick: () => {
          restore();
          button.focus();
        } }, 'Nee, nog niet')));
    yes.focus();
  }

  #onState(state) {
    const before = this.#state;
    this.#state = state;
    if (state.stage !== 'voting' || before?.stage !== 'voting' || before?.vraagId !== state.vraagId) {
      this.#tally = null;
    }
    if (before && (before.stage !== state.stage || before.vraagId !== state.vraagId || before.status !== state.status
      || before.result?.antwoordId !== state.result?.antwoordId)) {
      this.#el.commandError.textContent = '';
      this.#el.lobbyError.textContent = '';
    }
    rememberFromState(this.#access, state);
    if (Array.isArray(state.remarks)) {
      this.#remarks = state.remarks;
    }
    if (before?.vraagId !== state.vraagId) {
      this.#fillVoteTimes(state.vraagId);
    }
    if (!before && !this.#access.saved?.viewerToken && state.status !== 'finished') {
      // A session from before viewer tokens, or opened in another browser: ask for one (it replaces any older).
      this.#link.send({ type: 'newViewerToken' });
    }
    this.#render();
  }

  #render() {
    const s = this.#state;
    const el = this.#el;
    const content = this.#content;
    document.title = `${s.title} · Console · Buurtroute`;
    el.title.textContent = s.title;
    el.subtitle.textContent = [s.neighbourhood, statusText(s)].filter(Boolean).join(' · ');
    el.joinLine.textContent = s.status === 'finished' ? '' : `Code om mee te doen: ${formatJoinCode(s.joinCode)}`;
    el.lobby.hidden = s.status !== 'lobby';
    if (s.status === 'lobby' && s.joinCode) {
      if (s.joinSecret) {
        el.qr.setAttribute('secret', s.joinSecret);
      }
      el.qr.setAttribute('code', s.joinCode);
    }
    el.room.show({ state: s, content });
    el.roomCard.hidden = s.status === 'finished';
    el.current.hidden = s.status !== 'running' || !s.vraagId;
    el.allDone.hidden = !(s.status === 'running' && !s.vraagId);
    el.finished.hidden = s.status !== 'finished';
    el.endCard.hidden = s.status === 'finished' || !el.allDone.hidden;

    const allowed = allowedCommands(s);
    el.start.disabled = !allowed.next;
    for (const [command, button] of Object.entries(el.controls)) {
      button.disabled = !allowed[command];
    }
    el.controls.openVoting.textContent = s.stage === 'result' ? LABELS.reopen : LABELS.openVoting;
    el.controls.openVoting.classList.toggle('button-primary', s.stage !== 'result');
    el.backAtEnd.disabled = !allowed.back;
    el.finish.disabled = !allowed.finish;
    el.finishAtEnd.disabled = !allowed.finish;
    // A question asked in a card that is now hidden (or about a finish no longer allowed) is withdrawn.
    if (this.#confirmFinish && (!allowed.finish || this.#confirmFinish.box.closest('[hidden]'))) {
      this.#confirmFinish.restore();
    }
    el.tallyToggle.disabled = s.status !== 'running' || !s.vraagId;
    el.tallyToggle.setAttribute('aria-pressed', String(!!s.tallyShown));
    el.tallyToggle.textContent = s.tallyShown ? 'Tussenstand op de beamer: aan' : 'Tussenstand op de beamer: uit';

    if (s.status === 'finished') {
      const saved = facilitatedSession(s.sessionId);
      const token = saved?.reviewToken ?? this.#access.token;
      el.routeLink.href = `/r/${encodeURIComponent(s.sessionId)}#token=${encodeURIComponent(token)}`;
    }
    if (s.vraagId) {
      const fase = content.fase(s.fase);
      const number = s.route.filter((step) => step.fase === s.fase).length + 1;
      el.fase.textContent = `${fase?.naam ?? ''}: ${fase?.motto ?? ''} · vraag ${number} van 3`;
      el.vraag.textContent = content.vraag(s.vraagId)?.tekst ?? '';
      el.toelichting.textContent = content.vraag(s.vraagId)?.toelichting ?? '';
    }
    el.guidance.show({ content, state: s });
    el.clock.show({ content, state: s });
    el.gespreksvragen.show({ content, state: s });
    this.#showVotes();
    this.#showRemarks();
    el.countDown.show(s.stage === 'voting' ? s.votingEndsAt : null);
    el.voteTimeBox.hidden = s.stage === 'voting';
    el.trail.show({ content, route: s.route, vraagId: s.status === 'running' ? s.vraagId : null });
    el.peopleCount.textContent = `(${s.participants.total}${s.participants.online !== undefined ? `, ${s.participants.online} online` : ''})`;
    el.people.show({ content, people: s.people, participants: s.participants, canRemove: s.status !== 'finished' });
  }

  /** The time picker for the vraag: the fixed choices, and the vraag's suggested minuten when they fit. */
  #fillVoteTimes(vraagId) {
    const minuten = this.#content.vraag(vraagId)?.minuten;
    const chosen = this.#el.voteTime.value;
    const times = [...VOTE_TIMES];
    if (Number.isInteger(minuten) && minuten * 60 <= MAX_VOTE_SECONDS && !times.some(([v]) => v === String(minuten * 60))) {
      times.push([String(minuten * 60), `${minuten} minuten (voorgesteld)`]);
    }
    fill(this.#el.voteTime, times.map(([value, label]) => h('option', { value }, label)));
    this.#el.voteTime.value = times.some(([v]) => v === chosen) ? chosen : '';
  }

  #showRemarks() {
    const s = this.#state;
    const el = this.#el;
    el.remarksCard.hidden = s.status !== 'running' || !s.vraagId;
    el.remarkCount.textContent = `(${this.#remarks.length})`;
    el.remarkList.show({ content: this.#content, remarks: this.#remarks, shownId: s.shownRemark?.remarkId ?? null,
      enabled: s.status === 'running' });
  }

  #showVotes() {
    const s = this.#state;
    const el = this.#el;
    if (!s.vraagId) {
      return;
    }
    const allowed = allowedCommands(s);
    const { counts, voters } = votesToShow(s, this.#tally);
    el.bars.show({ content: this.#content, vraagId: s.vraagId, counts, chosen: s.result?.antwoordId ?? null,
      hideCounts: s.stage === 'question', decide: true, decideEnabled: allowed.decide });
    if (s.stage === 'voting') {
      el.voted.textContent = votedLine(this.#content, voters, this.#tally?.presence, s.participants);
    } else if (s.stage === 'result') {
      el.voted.textContent = `Stemming gesloten: ${voters} van ${s.participants.total} ${voters === 1 ? 'heeft' : 'hebben'} gestemd.`;
    } else {
      el.voted.textContent = 'Lees de vraag voor en open dan de stemming. Of kies zelf een antwoord.';
    }
    el.tie.hidden = !(s.stage === 'result' && !s.result);
    el.tie.textContent = voters === 0
      ? 'Er is niet gestemd. Kies zelf het antwoord van de groep, of open de stemming opnieuw.'
      : 'Het staat gelijk. Kies het antwoord van de groep met een van de knoppen "Kies dit antwoord".';
    el.resultBox.hidden = !(s.stage === 'result' && s.result);
    el.result.show({ content: this.#content, result: s.stage === 'result' ? s.result : null, heading: 'Om over te praten', headingLevel: 3 });
  }
}

function statusText(state) {
  if (state.status === 'lobby') {
    return 'wacht op deelnemers';
  }
  if (state.status === 'finished') {
    return 'afgerond';
  }
  return { question: 'vraag voorlezen', voting: 'stemming open', result: 'stemming gesloten' }[state.stage] ?? 'loopt';
}

export function registerConsolePage() {
  customElements.get('br-console-page') ?? customElements.define('br-console-page', ConsolePageElement);
}
