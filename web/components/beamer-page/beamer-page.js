/**
 * <br-beamer-page>: the view for the big screen, readable from the back of a room. The lobby shows the
 * QR code, the code and the short address; then the vraag and antwoorden; running results stay hidden
 * during voting unless the facilitator shows them (showTally); after closing, the bars beside the group's
 * antwoord with its reflectie, werkzame elementen and interventies. Every stage fits the screen without
 * scrolling (see #fit and beamer-page.css). It connects as a viewer ({type:'view'}) with the viewer token
 * from the link's fragment (#view=…), so the link can show the room but never run it.
 */
import { loadContent } from '../../lib/content.js';
import { h, fill } from '../../lib/dom.js';
import { facilitatorAccess, votedLine, votesToShow } from '../../lib/facilitator.js';
import { LiveLink } from '../../lib/live.js';
import { fragmentParams } from '../../lib/dom.js';

const LETTERS = 'ABCDEFGHIJ';
/** How far #fit may scale the layout down; the CSS keeps text at 1.25rem or more whatever the factor. */
const MIN_FIT = 0.8;

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
    // The console's link carries a viewer token (#view=…): this screen shows, it never controls. A link
    // from before viewer tokens (#token=…) still opens, as the facilitator it was made for.
    const access = facilitatorAccess();
    const viewerToken = fragmentParams().get('view');
    if (!access.sessionId || !(viewerToken || access.token)) {
      fill(this, h('p', { class: 'beamer-message', role: 'alert' }, 'Open het beamerscherm vanuit de console van de begeleider.'));
      return;
    }
    try {
      this.#content = await loadContent();
    } catch (error) {
      fill(this, h('p', { class: 'error', role: 'alert' }, error.message));
      return;
    }
    // Fit again when the screen changes size (full screen, another beamer) or a part fills in later (the QR block).
    addEventListener('resize', () => this.#fit());
    document.addEventListener('fullscreenchange', () => {
      this.querySelector('.fullscreen')?.replaceChildren(document.fullscreenElement ? 'Volledig scherm uit' : 'Volledig scherm');
      this.#fit();
    });
    new MutationObserver(() => this.#fit()).observe(this, { childList: true, subtree: true });
    this.#link = new LiveLink(() => (viewerToken
      ? { type: 'view', sessionId: access.sessionId, viewerToken }
      : { type: 'facilitate', sessionId: access.sessionId, facilitatorToken: access.token }));
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
    const key = [s.status, s.vraagId, s.stage, s.result?.antwoordId, s.joinCode, s.joinSecret].join('|');
    if (key === this.#shownKey) {
      this.#update();
      return;
    }
    this.#shownKey = key;
    this.#bars = null;
    this.#votedLine = null;
    if (s.status === 'lobby') {
      this.#show('lobby',
        this.#head(h('h1', { class: 'beamer-title' }, s.title)),
        h('p', { class: 'beamer-lead' }, 'Pak je telefoon en doe mee: scan de QR-code, of typ het adres en de code.'),
        h('br-join-qr', { code: s.joinCode, secret: s.joinSecret ?? null, 'no-warning': true }),
        this.#votedLine = h('p', { class: 'beamer-count', role: 'status' }));
      this.#update();
      return;
    }
    if (s.status === 'finished' || !s.vraagId) {
      const trail = h('br-route-trail', { class: 'wide' });
      this.#show('finished',
        this.#head(h('h1', { class: 'beamer-title' }, s.status === 'finished' ? 'Bedankt voor het meedoen!' : 'Alle vier de fasen zijn klaar')),
        h('p', { class: 'beamer-lead' }, 'Dit is de route die jullie samen kozen.'),
        trail);
      trail.show({ content, route: s.route, vraagId: null });
      return;
    }
    const fase = content.fase(s.fase);
    const vraag = content.vraag(s.vraagId);
    const number = s.route.filter((step) => step.fase === s.fase).length + 1;
    this.#bars = h('br-vote-bars');
    this.#votedLine = h('p', { class: 'beamer-count', role: 'status' });
    const head = this.#head(h('p', { class: 'beamer-fase' }, `${fase?.naam ?? ''} · ${fase?.motto ?? ''} · vraag ${number} van 3`));
    const vraagLine = h('h1', { class: 'beamer-vraag' }, vraag.tekst);
    if (s.stage === 'result' && s.result) {
      this.#show('result', head, vraagLine,
        h('div', { class: 'beamer-columns' },
          h('section', { class: 'beamer-votes', 'aria-label': 'Alle stemmen' }, this.#votedLine, this.#bars),
          this.#resultPanel(content, s.result)));
    } else {
      this.#show(s.stage === 'result' ? 'tie' : s.stage, head, vraagLine, this.#votedLine, this.#bars);
    }
    this.#update();
  }

  /** The group's antwoord with what to think about: the reflectie, werkzame elementen and interventies. */
  #resultPanel(content, result) {
    const antwoord = content.antwoord(result.antwoordId);
    const index = content.vraag(this.#state.vraagId).antwoorden.findIndex((a) => a.id === result.antwoordId);
    const werkzaam = (antwoord?.werkzameElementen ?? []).map((n) => content.werkzaamElement(n)).filter(Boolean);
    const interventies = (antwoord?.interventies ?? []).map((id) => content.interventie(id)).filter(Boolean);
    const tags = (label, items, mark) => items.length ? h('div', { class: 'beamer-tags' },
      h('h3', { class: 'tags-label' }, label),
      h('ul', {}, items.map((item) => h('li', { class: 'tag' }, h('span', { 'aria-hidden': 'true' }, mark + ' '), item.naam)))) : null;
    return h('section', { class: 'beamer-result', 'aria-labelledby': 'beamer-result-h' },
      h('h2', { id: 'beamer-result-h' }, result.decidedBy === 'facilitator' ? 'De begeleider koos' : 'De groep koos'),
      h('p', { class: 'beamer-chosen' }, h('span', { class: 'letter', 'aria-hidden': 'true' }, LETTERS[index] ?? ''), antwoord?.tekst ?? ''),
      h('h3', {}, 'Om over na te denken'),
      h('p', { class: 'beamer-reflectie' }, antwoord?.reflectie ?? ''),
      tags('Werkzame elementen', werkzaam, '◆'),
      tags('Interventies', interventies, '♠'));
  }

  /** The top line of every stage: what it is about, and the full-screen button out of the way of the rest. */
  #head(...children) {
    const fullscreen = document.fullscreenEnabled
      ? h('button', { type: 'button', class: 'button fullscreen', onclick: () => toggleFullscreen() },
        document.fullscreenElement ? 'Volledig scherm uit' : 'Volledig scherm')
      : null;
    return h('header', { class: 'beamer-head' }, h('div', { class: 'beamer-head-text' }, children), fullscreen);
  }

  /** Shows one stage; its class picks the layout in beamer-page.css. */
  #show(stage, ...children) {
    this.dataset.stage = stage;
    fill(this, h('div', { class: `beamer-stage stage-${stage}` }, children));
    this.#fit();
  }

  /**
   * The layout scales with the viewport (beamer-page.css); content longer than it was made for (a long
   * vraag with six antwoorden, a long reflectie) is scaled down a little more here, never below the
   * readable floor in the CSS. `data-fitted` says for which viewport the fit was done.
   */
  #fit() {
    const root = document.documentElement;
    const overflows = () => root.scrollHeight > innerHeight + 1 || root.scrollWidth > innerWidth + 1;
    let fit = 1;
    document.body.style.setProperty('--fit', String(fit));
    while (overflows() && fit > MIN_FIT) {
      fit = Math.round((fit - 0.04) * 100) / 100;
      document.body.style.setProperty('--fit', String(fit));
    }
    this.dataset.fitted = `${innerWidth}x${innerHeight}`;
  }

  #update() {
    const s = this.#state;
    if (s.status === 'lobby') {
      if (this.#votedLine) {
        const n = s.participants.total;
        this.#votedLine.textContent = n === 0 ? 'Nog niemand doet mee.' : `${n} ${n === 1 ? 'persoon doet' : 'mensen doen'} mee.`;
      }
      this.#fit();
      return;
    }
    if (!this.#bars) {
      this.#fit();
      return;
    }
    const { counts, voters } = votesToShow(s, this.#tally);
    const hide = s.stage === 'question' || (s.stage === 'voting' && !s.tallyShown);
    this.firstElementChild?.classList.toggle('counts-hidden', hide);
    this.#bars.show({ content: this.#content, vraagId: s.vraagId, counts, chosen: s.stage === 'result' ? s.result?.antwoordId : null, hideCounts: hide });
    if (s.stage === 'question') {
      this.#votedLine.textContent = 'De stemming opent zo.';
    } else if (s.stage === 'voting') {
      this.#votedLine.textContent = 'Stem nu op je telefoon. ' + votedLine(this.#content, voters, this.#tally?.presence, s.participants)
        .replace(/^gestemd/, 'Gestemd');
    } else if (s.result) {
      this.#votedLine.textContent = `${voters} van ${s.participants.total} ${voters === 1 ? 'heeft' : 'hebben'} gestemd.`;
    } else {
      this.#votedLine.textContent = 'Het staat gelijk. De begeleider kiest.';
    }
    this.#fit();
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
