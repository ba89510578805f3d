/**
 * <br-compare-page>: two routes side by side per fase, with the point where they diverge marked. Routes
 * come from the sessions this browser facilitated, or from pasted review links (/r/ID#token=…). The
 * choice is kept in the fragment (#a=ID:TOKEN&b=ID:TOKEN), so the page can be reloaded or bookmarked.
 */
import { getJson } from '../../lib/api.js';
import { fragmentParams, h, fill } from '../../lib/dom.js';
import { adminToken, facilitatedSessions } from '../../lib/storage.js';

/**
 * A route reference: a review link, "ID:TOKEN", or (for the organisation, with the admin token in this tab)
 * a bare session id or a /r/ID link without a token.
 */
function parseRef(text) {
  const value = String(text ?? '').trim();
  const link = value.match(/\/r\/([^/#?]+)[^#]*#(?:.*&)?token=([^&]+)/);
  if (link) {
    return { sessionId: decodeURIComponent(link[1]), token: decodeURIComponent(link[2]) };
  }
  const pair = value.match(/^([^:]+):(.+)$/);
  if (pair) {
    return { sessionId: pair[1], token: pair[2] };
  }
  const admin = adminToken();
  const bare = value.match(/^(?:.*\/r\/)?([A-Za-z0-9_-]{4,64})\/?$/);
  return admin && bare ? { sessionId: bare[1], token: admin, admin: true } : null;
}

/** What goes into the page's own URL: never the admin token. */
function refText(ref) {
  return ref.admin ? ref.sessionId : `${ref.sessionId}:${ref.token}`;
}

class ComparePageElement extends HTMLElement {
  #form;
  #result = h('div', { class: 'compare-result', 'aria-live': 'polite' });
  #error = h('p', { class: 'error', role: 'alert' });

  connectedCallback() {
    if (this.#form) {
      return;
    }
    const sessions = facilitatedSessions().filter((s) => s.reviewToken || s.facilitatorToken);
    const params = fragmentParams();
    const picker = (key, label) => {
      const id = `route-${key}`;
      const preset = params.get(key) ?? '';
      return h('div', { class: 'field' },
        h('label', { for: id }, label),
        sessions.length ? h('span', { class: 'hint', id: `${id}-hint` }, 'Kies een sessie van deze computer, of plak een routelink.') :
          h('span', { class: 'hint', id: `${id}-hint` }, 'Plak de routelink die de begeleider deelde (met /r/ erin).'),
        sessions.length ? h('select', { id: `${id}-select`, name: `${key}Select`, 'aria-label': `${label}: sessie kiezen` },
          h('option', { value: '' }, '— kies een sessie —'),
          sessions.map((s) => h('option', { value: `${s.sessionId}:${s.reviewToken ?? s.facilitatorToken}`, selected: preset.startsWith(s.sessionId + ':') },
            `${s.title}${s.createdAt ? ` (${new Date(s.createdAt).toLocaleDateString('nl-NL')})` : ''}`))) : null,
        h('input', { type: 'text', id, name: key, autocomplete: 'off', placeholder: 'https://…/r/…#token=…',
          'aria-describedby': `${id}-hint`, value: sessions.some((s) => preset.startsWith(s.sessionId + ':')) ? '' : preset }));
    };
    this.#form = h('form', { class: 'card compare-form no-print', novalidate: true, onsubmit: (e) => { e.preventDefault(); this.#compare(); } },
      h('div', { class: 'compare-pickers' }, picker('a', 'Eerste route'), picker('b', 'Tweede route')),
      h('button', { type: 'submit', class: 'button button-primary' }, 'Vergelijken'),
      this.#error);
    fill(this, h('h1', {}, 'Twee routes vergelijken'),
      h('p', {}, 'Zet twee routes naast elkaar. Je ziet per fase welke antwoorden de groepen kozen en waar hun routes uit elkaar gaan.'),
      this.#form, this.#result);
    if (params.get('a') && params.get('b')) {
      this.#compare();
    }
  }

  #ref(key) {
    const select = this.#form.querySelector(`select[name=${key}Select]`);
    const typed = this.#form.querySelector(`input[name=${key}]`).value;
    return parseRef(typed) ?? parseRef(select?.value);
  }

  async #compare() {
    this.#error.textContent = '';
    const a = this.#ref('a');
    const b = this.#ref('b');
    if (!a || !b) {
      this.#error.textContent = adminToken()
        ? 'Kies twee routes: plak van elke route de link of de code uit het overzicht.'
        : 'Kies twee routes, of plak twee routelinks met een sleutel achter het #-teken.';
      return;
    }
    history.replaceState(null, '', `/c#a=${encodeURIComponent(refText(a))}&b=${encodeURIComponent(refText(b))}`);
    fill(this.#result, h('p', { class: 'muted' }, 'Even laden…'));
    try {
      const comparison = await getJson(`/api/compare?routes=${encodeURIComponent(a.sessionId)},${encodeURIComponent(b.sessionId)}`,
        `${a.token},${b.token}`);
      this.#show(comparison);
    } catch (error) {
      fill(this.#result);
      this.#error.textContent = error.message;
    }
  }

  #show(comparison) {
    const [left, right] = comparison.routes;
    const d = comparison.divergence;
    fill(this.#result,
      h('section', { class: 'card' },
        h('h2', {}, 'Waar de routes uit elkaar gaan'),
        d ? h('p', {}, `In de ${d.faseNaam.toLowerCase()}, bij stap ${d.index + 1} van die fase`,
          d.vraagTekst ? h('span', {}, ': ', h('q', {}, d.vraagTekst)) : null, '. ',
          d.choices.map((c, i) => h('span', { class: 'choice-line' },
            h('strong', {}, i === 0 ? left.title : right.title), ' koos ', h('q', {}, c.antwoordTekst), i === 0 ? '; ' : '.')))
          : h('p', {}, 'Deze routes gaan nergens uit elkaar: ze kozen overal hetzelfde.')),
      h('div', { class: 'compare-heads', 'aria-hidden': 'true' },
        h('p', {}, h('strong', {}, left.title)), h('p', {}, h('strong', {}, right.title))),
      comparison.fasen.map((fase) => h('section', { class: 'compare-fase' },
        h('h2', {}, fase.faseNaam),
        fase.positions.length === 0 ? h('p', { class: 'muted' }, 'Geen van beide routes kwam hier.') : null,
        h('ol', { class: 'compare-rows' }, fase.positions.map((pos) => {
          const diverged = fase.divergedAt === pos.index;
          const first = diverged && d && d.fase === fase.fase && d.index === pos.index;
          return h('li', { class: 'compare-row' + (diverged ? ' is-diverged' : '') + (pos.match === 'sameAntwoord' ? ' is-same' : '') },
            diverged ? h('p', { class: 'diverge-mark' }, first ? 'Hier gaan de routes voor het eerst uit elkaar'
              : 'Hier kiezen de routes in deze fase iets anders') : null,
            h('div', { class: 'compare-pair' }, pos.steps.map((step, i) => h('div', { class: 'compare-cell' },
              h('p', { class: 'cell-route' }, i === 0 ? left.title : right.title),
              step ? [h('p', { class: 'cell-vraag muted' }, step.vraagTekst), h('p', { class: 'cell-antwoord' }, step.antwoordTekst)]
                : h('p', { class: 'muted' }, 'Geen stap.')))),
            pos.match === 'sameAntwoord' ? h('p', { class: 'same-mark' }, 'Zelfde antwoord') : null);
        })))));
  }
}

export function registerComparePage() {
  customElements.get('br-compare-page') ?? customElements.define('br-compare-page', ComparePageElement);
}
