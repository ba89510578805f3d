/**
 * <br-beamer-page>: the view for the big screen, readable from the back of a room. The lobby shows the
 * QR code, the code and the short address; then the vraag and antwoorden; running results stay hidden
 * during voting unless the facilitator shows them (showTally); after closing, the bars beside the group's
 * antwoord with its reflectie, werkzame elementen and interventies. Every stage fits the screen without
 * scrolling (see #fit and beamer-page.css). Before a fase's first vraag the fase's inleiding (from the
 * second fase on beside the afsluiting of the fase before), after the last step the last afsluiting:
 * derived from the state by lib/wall.js, which the console uses to say what the wall shows. Begrippen are
 * marked in every text, and explained in a compact list below when it fits. It connects as a viewer
 * ({type:'view'}) with the viewer token from the link's fragment (#view=…), so the link can show the room
 * but never run it.
 */
import { loadContent } from '../../lib/content.js';
import { h, fill, fragmentParams } from '../../lib/dom.js';
import { facilitatorAccess, votedLine, votesToShow } from '../../lib/facilitator.js';
import { LiveLink } from '../../lib/live.js';
import { wallStage } from '../../lib/wall.js';
import { markedText } from '../begrip-uitleg/begrip-uitleg.js';

const LETTERS = 'ABCDEFGHIJ';
/** How far #fit may scale the layout down; the CSS keeps text at 1.25rem or more whatever the factor. */
const MIN_FIT = 0.72;
/** With the begrippen listed the layout shrinks less far: the list goes before the rest gets small. */
const MIN_FIT_WITH_BEGRIPPEN = 0.92;

class BeamerPageElement extends HTMLElement {
  #content;
  #link;
  #state = null;
  #tally = null;
  #shownKey = '';
  #bars = null;
  #votedLine = null;
  #countDown = h('br-count-down', { class: 'beamer-count-down' });

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
      : { type: 'facilitate', sessionId: access.sessionId, facilitatorToken: access.token }), { lead: true });
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
    const wall = wallStage(s, content);
    const key = [s.status, s.vraagId, s.stage, s.result?.antwoordId, s.joinCode, s.joinSecret, wall.stage,
      s.votingEndsAt, s.shownRemark?.remarkId].join('|');
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
    if (s.status === 'finished') {
      const trail = h('br-route-trail', { class: 'wide' });
      this.#show('finished',
        this.#head(h('h1', { class: 'beamer-title' }, 'Bedankt voor het meedoen!')),
        h('p', { class: 'beamer-lead' }, 'Dit is de route die jullie samen kozen.'),
        trail);
      trail.show({ content, route: s.route, vraagId: null });
      return;
    }
    if (wall.stage === 'afsluiting') {
      this.#show('afsluiting',
        this.#head(h('p', { class: 'beamer-fase' }, `Afsluiting · ${wall.fase?.naam ?? ''}`),
          h('h1', { class: 'beamer-title' }, 'Alle vier de fasen zijn klaar')),
        h('p', { class: 'beamer-afsluiting' }, this.#text(wall.fase?.afsluiting)),
        h('p', { class: 'beamer-lead' }, 'De begeleider rondt de sessie zo af. Daarna zien jullie de hele route.'),
        this.#begrippen(wall.fase?.afsluiting));
      return;
    }
    if (wall.stage === 'inleiding' || wall.stage === 'overgang') {
      const number = content.fasen.indexOf(wall.fase) + 1;
      const inleiding = h('section', { class: 'beamer-inleiding', 'aria-labelledby': 'beamer-inleiding-h' },
        h('p', { class: 'beamer-fase' }, `Fase ${number} van ${content.fasen.length}`),
        h('h1', { class: 'beamer-title', id: 'beamer-inleiding-h' }, `${wall.fase.naam}: ${wall.fase.motto}`),
        h('p', { class: 'beamer-inleiding-text' }, this.#text(wall.fase.inleiding)),
        h('p', { class: 'beamer-next' }, 'Straks de eerste vraag. Houd je telefoon bij de hand.'));
      const afsluiting = wall.done ? h('section', { class: 'beamer-done', 'aria-labelledby': 'beamer-done-h' },
        h('h2', { id: 'beamer-done-h' }, `${wall.done.naam}: klaar`),
        h('p', { class: 'beamer-afsluiting' }, this.#text(wall.done.afsluiting))) : null;
      this.#show(wall.stage,
        this.#head(h('p', { class: 'beamer-fase' }, s.title)),
        h('div', { class: 'beamer-intro' }, afsluiting, inleiding),
        this.#begrippen(wall.done?.afsluiting, wall.fase.inleiding));
      return;
    }
    const fase = content.fase(s.fase);
    const vraag = content.vraag(s.vraagId);
    const number = s.route.filter((step) => step.fase === s.fase).length + 1;
    this.#bars = h('br-vote-bars');
    this.#votedLine = h('p', { class: 'beamer-count', role: 'status' });
    this.#countDown.show(s.stage === 'voting' ? s.votingEndsAt : null);
    // The countdown stands at the end of the head line, beside the fase, not on a line of its own: the
    // fullest voting screen (most antwoorden, the tally, a remark) needs that height for the bars.
    const head = this.#head(h('p', { class: 'beamer-fase' }, `${fase?.naam ?? ''} · ${fase?.motto ?? ''} · vraag ${number} van 3`),
      s.stage === 'voting' ? this.#countDown : null);
    // The remark the facilitator put on the wall sits right under the vraag: rol and words, never a name, and
    // as the resident wrote them (no begrippen marked in their words).
    const vraagLine = [h('h1', { class: 'beamer-vraag' }, this.#text(vraag.tekst)), s.shownRemark
      ? h('figure', { class: 'beamer-remark' },
        h('blockquote', {}, s.shownRemark.text),
        h('figcaption', {}, '— een ', content.rolNaam(s.shownRemark.rol).toLowerCase()))
      : null];
    const antwoord = s.stage === 'result' && s.result ? content.antwoord(s.result.antwoordId) : null;
    const begrippen = this.#begrippen(vraag.tekst, vraag.antwoorden.map((a) => a.tekst), antwoord?.reflectie);
    if (s.stage === 'result' && s.result) {
      this.#show('result', head, vraagLine,
        h('div', { class: 'beamer-columns' },
          h('section', { class: 'beamer-votes', 'aria-label': 'Alle stemmen' }, this.#votedLine, this.#bars),
          this.#resultPanel(content, s.result)),
        begrippen);
    } else {
      this.#show(s.stage === 'result' ? 'tie' : s.stage, head, vraagLine, this.#votedLine, this.#bars, begrippen);
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
      h('p', { class: 'beamer-chosen' }, h('span', { class: 'letter', 'aria-hidden': 'true' }, LETTERS[index] ?? ''),
        h('span', {}, this.#text(antwoord?.tekst))),
      h('h3', {}, 'Om over na te denken'),
      h('p', { class: 'beamer-reflectie' }, this.#text(antwoord?.reflectie)),
      tags('Werkzame elementen', werkzaam, '◆'),
      tags('Interventies', interventies, '♠'));
  }

  /** A text with its begrippen marked (styled, not interactive: nobody taps a wall). */
  #text(text) {
    return markedText(this.#content, text ?? '');
  }

  /**
   * The begrippen marked on this screen with their uitleg, compactly; #fit leaves the list out when the
   * screen cannot hold it.
   */
  #begrippen(...texts) {
    const found = this.#content.begrippen.in(texts.flat().filter(Boolean));
    if (found.length === 0) {
      return null;
    }
    return h('dl', { class: 'beamer-begrippen' },
      found.map((b) => h('div', {}, h('dt', {}, b.term), h('dd', {}, b.uitleg))));
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
    const view = h('div', { class: `beamer-stage stage-${stage}` }, children);
    // A remark on the wall is read in full, so the antwoord rows make room for it (beamer-page.css).
    view.classList.toggle('has-remark', view.querySelector('.beamer-remark') !== null);
    fill(this, view);
    this.#fit();
  }

  /**
   * The layout scales with the viewport (beamer-page.css); content longer than it was made for (a long
   * vraag with six antwoorden, a long reflectie) is scaled down a little more here, never below the
   * readable floor in the CSS. `data-fitted` says for which viewport the fit was done.
   */
  #fit() {
    const root = document.documentElement;
    const overflows = () => root.scrollHeight > innerHeight || root.scrollWidth > innerWidth;
    const shrink = (floor) => {
      let fit = 1;
      document.body.style.setProperty('--fit', String(fit));
      while (overflows() && fit > floor) {
        fit = Math.round((fit - 0.04) * 100) / 100;
        document.body.style.setProperty('--fit', String(fit));
      }
    };
    // The begrippen list is a bonus: it may cost a little size, never the rest of the screen.
    const list = this.querySelector('.beamer-begrippen');
    if (list) {
      list.hidden = false;
      shrink(MIN_FIT_WITH_BEGRIPPEN);
      if (overflows()) {
        list.hidden = true;
      }
    }
    if (!list || list.hidden) {
      shrink(MIN_FIT);
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
    this.#bars.show({ content: this.#content, vraagId: s.vraagId, counts, chosen: s.stage === 'result' ? s.result?.antwoordId : null, hideCounts: hide,
      text: (t) => this.#text(t) });
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
