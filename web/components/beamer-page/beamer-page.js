/**
 * <br-beamer-page>: the view for the big screen, readable from the back of a room. The lobby shows the
 * QR code and the code; then the vraag and antwoorden; running results stay hidden during voting unless
 * the facilitator shows them (showTally); after closing the group's antwoord with its reflectie.
 * It connects as a facilitator, with the token from the link's fragment.
 */
import { loadContent } from '../../lib/content.js';
import { h, fill } from '../../lib/dom.js';
import { facilitatorAccess, votedLine, votesToShow } from '../../lib/facilitator.js';
import { LiveLink } from '../../lib/live.js';

class BeamerPageElement extends HTMLElement {
  #content;
  #link;
  #state = null;
  #tally = null;
  #shownKey = '';
  #bars = null;
  #votedLine = null;

  async connectedCallback() {
    if (this.#content) {
      return;
    }
    const access = facilitatorAccess();
    if (!access.sessionId || !access.token) {
      fill(this, h('p', { class: 'beamer-message', role: 'alert' }, 'Open het beamerscherm vanuit de console van de begeleider.'));
      return;
    }
    try {
      this.#content = await loadContent();
    } catch (error) {
      fill(this, h('p', { class: 'error', role: 'alert' }, error.message));
      return;
    }
    this.#link = new LiveLink(() => ({ type: 'facilitate', sessionId: access.sessionId, facilitatorToken: access.token }));
    const banner = document.querySelector('br-conn-banner');
    if (banner) {
      banner.link = this.#link;
    }
    this.#link.addEventListener('welcome', (e) => this.#onState(e.detail.state));
    this.#link.addEventListener('frame', (e) => {
      const frame = e.detail;
      if (frame.type === 'state') {
        this.#onState(frame.state);
      } else if (frame.type === 'tally' && frame.vraagId === this.#state?.vraagId) {
        this.#tally = frame;
        this.#update();
      }
    });
    this.#link.addEventListener('refused', (e) => fill(this, h('p', { class: 'beamer-message', role: 'alert' }, e.detail.message)));
    this.#link.start();
  }

  #onState(state) {
    if (state.stage !== 'voting' || this.#state?.stage !== 'voting' || this.#state?.vraagId !== state.vraagId) {
      this.#tally = null;
    }
    this.#state = state;
    this.#render();
  }

  #render() {
    const s = this.#state;
    const content = this.#content;
    document.title = `${s.title} · Beamer · Buurtroute`;
    const key = [s.status, s.vraagId, s.stage, s.result?.antwoordId, s.joinCode].join('|');
    if (key === this.#shownKey) {
      this.#update();
      return;
    }
    this.#shownKey = key;
    this.#bars = null;
    this.#votedLine = null;
    const fullscreen = document.fullscreenEnabled
      ? h('button', { type: 'button', class: 'button button-small fullscreen', onclick: () => toggleFullscreen() }, 'Volledig scherm')
      : null;
    if (s.status === 'lobby') {
      const qr = h('br-join-qr', { code: s.joinCode, 'no-warning': true });
      fill(this,
        h('h1', { class: 'beamer-title' }, s.title),
        h('p', { class: 'beamer-lead' }, 'Pak je telefoon en doe mee: scan de code of ga naar het adres hieronder.'),
        qr,
        this.#votedLine = h('p', { class: 'beamer-count', role: 'status' }),
        fullscreen);
      this.#update();
      return;
    }
    if (s.status === 'finished' || !s.vraagId) {
      const trail = h('br-route-trail', { class: 'wide' });
      fill(this,
        h('h1', { class: 'beamer-title' }, s.status === 'finished' ? 'Bedankt voor het meedoen!' : 'Alle vier de fasen zijn klaar'),
        h('p', { class: 'beamer-lead' }, 'Dit is de route die jullie samen kozen.'),
        trail, fullscreen);
      trail.show({ content, route: s.route, vraagId: null });
      return;
    }
    const fase = content.fase(s.fase);
    const vraag = content.vraag(s.vraagId);
    const number = s.route.filter((step) => step.fase === s.fase).length + 1;
    this.#bars = h('br-vote-bars');
    this.#votedLine = h('p', { class: 'beamer-count', role: 'status' });
    const parts = [
      h('p', { class: 'beamer-fase' }, `${fase?.naam ?? ''} · ${fase?.motto ?? ''} · vraag ${number} van 3`),
      h('h1', { class: 'beamer-vraag' }, vraag.tekst),
      this.#votedLine,
      this.#bars,
    ];
    if (s.stage === 'result' && s.result) {
      const antwoord = content.antwoord(s.result.antwoordId);
      parts.push(h('section', { class: 'beamer-result' },
        h('h2', {}, 'Om over na te denken'),
        h('p', {}, antwoord?.reflectie ?? ''),
        antwoord?.werkzameElementen?.length ? h('p', { class: 'beamer-tags' },
          antwoord.werkzameElementen.map((n) => content.werkzaamElement(n)).filter(Boolean)
            .map((w) => h('span', { class: 'tag' }, h('span', { 'aria-hidden': 'true' }, '◆ '), w.naam))) : null,
        antwoord?.interventies?.length ? h('p', { class: 'beamer-tags' },
          antwoord.interventies.map((id) => content.interventie(id)).filter(Boolean)
            .map((i) => h('span', { class: 'tag' }, h('span', { 'aria-hidden': 'true' }, '♠ '), i.naam))) : null));
    }
    parts.push(fullscreen);
    fill(this, parts);
    this.#update();
  }

  #update() {
    const s = this.#state;
    if (s.status === 'lobby') {
      if (this.#votedLine) {
        const n = s.participants.total;
        this.#votedLine.textContent = n === 0 ? 'Nog niemand doet mee.' : `${n} ${n === 1 ? 'persoon doet' : 'mensen doen'} mee.`;
      }
      return;
    }
    if (!this.#bars) {
      return;
    }
    const { counts, voters } = votesToShow(s, this.#tally);
    const hide = s.stage === 'question' || (s.stage === 'voting' && !s.tallyShown);
    this.#bars.show({ content: this.#content, vraagId: s.vraagId, counts, chosen: s.stage === 'result' ? s.result?.antwoordId : null, hideCounts: hide });
    if (s.stage === 'question') {
      this.#votedLine.textContent = 'De stemming opent zo.';
    } else if (s.stage === 'voting') {
      this.#votedLine.textContent = 'Stem nu op je telefoon. ' + votedLine(this.#content, voters, this.#tally?.presence, s.participants)
        .replace(/^gestemd/, 'Gestemd');
    } else {
      this.#votedLine.textContent = s.result ? 'De groep koos:' : 'Het staat gelijk. De begeleider kiest.';
    }
  }
}

function toggleFullscreen() {
  if (document.fullscreenElement) {
    document.exitFullscreen();
  } else {
    document.documentElement.requestFullscreen().catch(() => {});
  }
}

export function registerBeamerPage() {
  customElements.get('br-beamer-page') ?? customElements.define('br-beamer-page', BeamerPageElement);
}
