/**
 * <br-beheer-page>: the organisation's view of every route (/beheer). Asks once for the admin token and keeps
 * it in this tab's sessionStorage only (the review and compare pages opened from here use it; it never goes
 * into a URL). Then: a table of routes (search on title, a period, pages of 25, fine with thousands), links to
 * each route's review page, a choice of two routes to compare, the period's routes as one CSV file, and an
 * overview of the period as charts (werkzame elementen touched and missed, participation per rol, where the
 * rollen disagreed, the antwoorden groups chose most).
 */
import { ApiError, getBlob, getJson } from '../../lib/api.js';
import { loadContent } from '../../lib/content.js';
import { h, fill } from '../../lib/dom.js';
import { adminToken, forgetAdminToken, rememberAdminToken } from '../../lib/storage.js';

const PAGE_SIZE = 25;
const STATUS = { lobby: 'nog niet begonnen', running: 'bezig', finished: 'afgerond' };

function isoDay(date) {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}

class BeheerPageElement extends HTMLElement {
  #content;
  #token = '';
  #query = { q: '', from: '', to: '', offset: 0 };
  #chosen = new Map();
  #table = h('div', { class: 'routes-table-box', 'aria-live': 'polite' });
  #pager = h('nav', { class: 'pager', 'aria-label': 'Pagina\'s' });
  #compareBar = h('div', { class: 'compare-bar' });
  #overview = h('div', { class: 'overview-box', 'aria-live': 'polite' });
  #status = h('p', { class: 'muted', role: 'status' });
  #error = h('p', { class: 'error', role: 'alert' });
  #loading = 0;
  #overviewPeriod;

  connectedCallback() {
    if (this.#content !== undefined) {
      return;
    }
    this.#content = null;
    this.#token = adminToken();
    if (this.#token) {
      this.#open();
    } else {
      this.#askToken();
    }
  }

  #askToken(message = '') {
    const field = h('input', { type: 'password', id: 'admin-token', name: 'token', autocomplete: 'off', required: true,
      'aria-describedby': 'admin-token-hint admin-token-error' });
    const error = h('p', { class: 'error', id: 'admin-token-error', role: 'alert' }, message);
    const button = h('button', { type: 'submit', class: 'button button-primary' }, 'Openen');
    const form = h('form', { class: 'card token-form', novalidate: true, onsubmit: async (event) => {
      event.preventDefault();
      const token = field.value.trim();
      if (!token) {
        error.textContent = 'Vul de beheersleutel in.';
        field.focus();
        return;
      }
      button.disabled = true;
      button.textContent = 'Even controleren…';
      try {
        await getJson('/api/routes?limit=1', token);
        rememberAdminToken(token);
        this.#token = token;
        this.#open();
      } catch (failure) {
        error.textContent = failure.status === 403 ? 'Deze beheersleutel klopt niet. Kijk of je hem goed hebt overgenomen.' : failure.message;
        button.disabled = false;
        button.textContent = 'Openen';
        field.focus();
      }
    } },
    h('div', { class: 'field' },
      h('label', { for: 'admin-token' }, 'Beheersleutel'),
      h('span', { class: 'hint', id: 'admin-token-hint' },
        'De sleutel die bij de installatie is gekozen (BUURTROUTE_ADMIN_TOKEN). Deze pagina onthoudt hem alleen zolang dit tabblad open is.'),
      field),
    error, button);
    fill(this, h('h1', {}, 'Alle routes'),
      h('p', {}, 'Hier ziet je organisatie alle avonden bij elkaar: welke routes de groepen liepen, en welke werkzame elementen vaak ontbreken.'),
      form);
    field.focus();
  }

  async #open() {
    fill(this, h('p', { class: 'muted' }, 'Even laden…'));
    try {
      this.#content = await loadContent();
    } catch (failure) {
      fill(this, h('p', { class: 'error', role: 'alert' }, failure.message));
      return;
    }
    const q = h('input', { type: 'search', id: 'f-q', name: 'q', autocomplete: 'off', value: this.#query.q });
    const from = h('input', { type: 'date', id: 'f-from', name: 'from', value: this.#query.from });
    const to = h('input', { type: 'date', id: 'f-to', name: 'to', value: this.#query.to });
    const apply = () => {
      this.#query = { q: q.value.trim(), from: from.value, to: to.value, offset: 0 };
      this.#refresh();
    };
    const lastMonth = () => {
      const now = new Date();
      from.value = isoDay(new Date(now.getFullYear(), now.getMonth() - 1, 1));
      to.value = isoDay(new Date(now.getFullYear(), now.getMonth(), 0));
      apply();
    };
    const filters = h('form', { class: 'card filters', role: 'search', novalidate: true,
      onsubmit: (event) => { event.preventDefault(); apply(); } },
    h('div', { class: 'filter-fields' },
      h('div', { class: 'field' }, h('label', { for: 'f-q' }, 'Zoek op titel'), q),
      h('div', { class: 'field' }, h('label', { for: 'f-from' }, 'Van (datum)'), from),
      h('div', { class: 'field' }, h('label', { for: 'f-to' }, 'Tot en met (datum)'), to)),
    h('div', { class: 'button-row' },
      h('button', { type: 'submit', class: 'button button-primary' }, 'Zoeken'),
      h('button', { type: 'button', class: 'button', onclick: lastMonth }, 'Vorige maand'),
      h('button', { type: 'button', class: 'button', onclick: () => { q.value = ''; from.value = ''; to.value = ''; apply(); } }, 'Alles tonen')));
    const exportError = h('p', { class: 'error', role: 'alert' });
    const exportButton = h('button', { type: 'button', class: 'button' }, 'Download CSV van deze routes');
    exportButton.addEventListener('click', () => this.#exportCsv(exportButton, exportError));
    fill(this,
      h('div', { class: 'beheer-head' },
        h('h1', {}, 'Alle routes'),
        h('button', { type: 'button', class: 'button button-small no-print', onclick: () => { forgetAdminToken(); this.#token = ''; this.#askToken(); } },
          'Sleutel vergeten')),
      filters,
      this.#error,
      h('section', { class: 'routes-section', 'aria-labelledby': 'routes-h' },
        h('h2', { id: 'routes-h' }, 'Routes'),
        this.#status,
        this.#compareBar,
        this.#table,
        this.#pager,
        h('div', { class: 'button-row no-print' }, exportButton),
        exportError),
      h('section', { class: 'overview-section', 'aria-labelledby': 'overview-h' },
        h('h2', { id: 'overview-h' }, 'Overzicht van deze periode'),
        h('p', { class: 'muted' }, 'Het overzicht telt alle routes die in de gekozen periode begonnen, ook als je op een titel zoekt. Routes die nooit begonnen tellen niet mee.'),
        this.#overview));
    this.#renderCompareBar();
    this.#refresh();
  }

  #params(extra = {}) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries({ q: this.#query.q, from: this.#query.from, to: this.#query.to, ...extra })) {
      if (value !== '' && value !== undefined && value !== null) {
        params.set(key, String(value));
      }
    }
    return params.toString();
  }

  /** The routes always; the overview only when the period changed, as it does not follow the title search. */
  async #refresh() {
    const period = `${this.#query.from}|${this.#query.to}`;
    const overview = period === this.#overviewPeriod ? null : this.#loadOverview();
    this.#overviewPeriod = period;
    await Promise.all([this.#loadRoutes(), overview]);
  }

  async #loadRoutes() {
    const ticket = ++this.#loading;
    this.#error.textContent = '';
    this.#status.textContent = 'Routes worden geladen…';
    try {
      const page = await getJson(`/api/routes?${this.#params({ offset: this.#query.offset, limit: PAGE_SIZE })}`, this.#token);
      if (ticket !== this.#loading) {
        return;
      }
      this.#renderRoutes(page);
    } catch (failure) {
      this.#fail(failure);
    }
  }

  #fail(failure) {
    if (failure instanceof ApiError && (failure.status === 401 || failure.status === 403)) {
      forgetAdminToken();
      this.#askToken('De beheersleutel werkt niet (meer). Vul hem opnieuw in.');
      return;
    }
    this.#status.textContent = '';
    this.#error.textContent = failure.message;
  }

  #renderRoutes(page) {
    const content = this.#content;
    const first = page.total === 0 ? 0 : page.offset + 1;
    const last = page.offset + page.routes.length;
    this.#status.textContent = page.total === 0 ? 'Geen routes gevonden. Kies een andere periode of zoekterm.'
      : `Routes ${first} tot en met ${last} van ${page.total}.`;
    const date = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'medium', timeStyle: 'short' });
    const rows = page.routes.map((r) => {
      const when = r.startedAt ?? r.createdAt;
      const perRol = content.rollen.map((rol) => `${r.perRol?.[rol.id] ?? 0} ${rol.naam.toLowerCase()}`).join(', ');
      const elementen = r.werkzameElementen ?? [];
      const box = h('input', { type: 'checkbox', id: `pick-${r.sessionId}`, checked: this.#chosen.has(r.sessionId) });
      box.addEventListener('change', () => {
        if (box.checked) {
          this.#chosen.set(r.sessionId, r.title);
        } else {
          this.#chosen.delete(r.sessionId);
        }
        this.#renderCompareBar();
      });
      return h('tr', {},
        h('td', { class: 'pick', 'data-label': 'Vergelijken' }, box,
          h('label', { for: `pick-${r.sessionId}`, class: 'sr-only' }, `Kies ${r.title} om te vergelijken`)),
        h('th', { scope: 'row', 'data-label': 'Titel' }, h('a', { href: `/r/${encodeURIComponent(r.sessionId)}` }, r.title)),
        h('td', { 'data-label': 'Datum' }, h('time', { datetime: when }, date.format(new Date(when)))),
        h('td', { 'data-label': 'Status' }, STATUS[r.status] ?? r.status),
        h('td', { 'data-label': 'Deelnemers' }, r.perRol ? perRol : String(r.participants)),
        h('td', { 'data-label': 'Werkzame elementen' }, r.werkzameElementen
          ? `${elementen.length} van ${content.werkzameElementen.length}${elementen.length ? `: ${elementen.join(', ')}` : ''}` : 'nog onbekend'));
    });
    fill(this.#table, page.routes.length === 0 ? null : h('table', { class: 'routes-table' },
      h('caption', { class: 'sr-only' }, 'Routes, nieuwste eerst'),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Kies'), h('th', { scope: 'col' }, 'Titel'), h('th', { scope: 'col' }, 'Datum'),
        h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col' }, 'Deelnemers per rol'),
        h('th', { scope: 'col' }, 'Werkzame elementen geraakt'))),
      h('tbody', {}, rows)));
    const go = (offset) => {
      this.#query.offset = Math.max(0, offset);
      this.#loadRoutes().then(() => this.#table.querySelector('a')?.focus());
    };
    fill(this.#pager,
      h('button', { type: 'button', class: 'button', disabled: page.offset === 0, onclick: () => go(page.offset - PAGE_SIZE) }, '← Vorige'),
      h('span', { class: 'pager-where' }, page.total === 0 ? '' : `Pagina ${Math.floor(page.offset / PAGE_SIZE) + 1} van ${Math.ceil(page.total / PAGE_SIZE)}`),
      h('button', { type: 'button', class: 'button', disabled: last >= page.total, onclick: () => go(page.offset + PAGE_SIZE) }, 'Volgende →'));
  }

  #renderCompareBar() {
    const chosen = [...this.#chosen.entries()];
    const ready = chosen.length === 2;
    fill(this.#compareBar,
      h('p', { class: 'muted' }, chosen.length === 0 ? 'Vink twee routes aan om ze naast elkaar te zetten.'
        : `Gekozen: ${chosen.map(([, title]) => title).join(' en ')}${chosen.length > 2 ? ' (kies er precies twee)' : ''}.`),
      h('div', { class: 'button-row' },
        h('button', { type: 'button', class: 'button button-primary', disabled: !ready,
          onclick: () => { location.href = `/c#a=${encodeURIComponent(chosen[0][0])}&b=${encodeURIComponent(chosen[1][0])}`; } },
        'Vergelijk de twee gekozen routes'),
        chosen.length ? h('button', { type: 'button', class: 'button', onclick: () => {
          this.#chosen.clear();
          this.#table.querySelectorAll('input[type=checkbox]').forEach((box) => { box.checked = false; });
          this.#renderCompareBar();
        } }, 'Keuze wissen') : null));
  }

  async #exportCsv(button, error) {
    error.textContent = '';
    button.disabled = true;
    button.textContent = 'Bestand wordt gemaakt…';
    try {
      const blob = await getBlob(`/api/overview/export?${this.#params()}`, this.#token);
      const url = URL.createObjectURL(blob);
      const name = `buurtroute-routes${this.#query.from ? `-van-${this.#query.from}` : ''}${this.#query.to ? `-tot-en-met-${this.#query.to}` : ''}.csv`;
      const link = h('a', { href: url, download: name });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (failure) {
      error.textContent = failure.message;
    } finally {
      button.disabled = false;
      button.textContent = 'Download CSV van deze routes';
    }
  }

  async #loadOverview() {
    fill(this.#overview, h('p', { class: 'muted' }, 'Het overzicht wordt berekend…'));
    let overview;
    try {
      overview = await getJson(`/api/overview?${this.#params({ q: '' })}`, this.#token);
    } catch (failure) {
      fill(this.#overview, h('p', { class: 'error' }, failure.message));
      return;
    }
    this.#renderOverview(overview);
  }

  #renderOverview(o) {
    const content = this.#content;
    const period = o.from || o.to ? `${o.from ? `van ${o.from}` : ''}${o.from && o.to ? ' ' : ''}${o.to ? `tot en met ${o.to}` : ''}` : 'alle tijd';
    if (o.routes === 0) {
      fill(this.#overview, h('p', {}, `Geen routes gestart in deze periode (${period}).`));
      return;
    }
    const elementen = h('br-bar-chart');
    elementen.show({
      caption: 'Welke werkzame elementen raakten de routes, en welke misten ze?',
      max: o.routes,
      legend: [{ kind: 'touched', label: 'geraakt' }, { kind: 'missed', label: 'gemist' }],
      rows: o.werkzameElementen.map((e) => ({
        label: `${e.nummer}. ${e.naam ?? content.werkzameElementen.find((w) => w.nummer === e.nummer)?.naam ?? ''}`,
        parts: [{ value: e.touched, kind: 'touched' }, { value: e.missed, kind: 'missed' }],
        text: `geraakt in ${e.touched}, gemist in ${e.missed} van de ${o.routes} routes`,
      })),
    });
    const mostMissed = [...o.werkzameElementen].sort((a, b) => b.missed - a.missed).filter((e) => e.missed > 0).slice(0, 3);
    const rollen = h('br-bar-chart');
    rollen.show({
      caption: 'Wie deden er mee? Deelnemers per rol, opgeteld over alle routes',
      rows: content.rollen.map((rol, i) => ({ label: rol.naam, parts: [{ value: o.participants[rol.id] ?? 0, kind: `rol-${i % 3}` }],
        text: `${o.participants[rol.id] ?? 0} deelnemers` })),
    });
    const oneens = h('br-bar-chart');
    oneens.show({
      caption: 'Hoe vaak koos de meerderheid van een rol iets anders dan de groep?',
      max: Math.max(1, o.steps),
      rows: content.rollen.map((rol, i) => ({ label: rol.naam, parts: [{ value: o.disagreementsPerRol?.[rol.id] ?? 0, kind: `rol-${i % 3}` }],
        text: `bij ${o.disagreementsPerRol?.[rol.id] ?? 0} van de ${o.steps} stappen` })),
    });
    const perFase = content.fasen.map((fase) => {
      const vragen = (o.vragen ?? []).filter((v) => v.fase === fase.id);
      if (vragen.length === 0) {
        return null;
      }
      return h('section', { class: 'overview-fase' }, h('h4', {}, fase.naam),
        vragen.map((v) => {
          const chart = h('br-bar-chart');
          chart.show({
            caption: `${v.tekst} (${v.reached} ${v.reached === 1 ? 'keer' : 'keer'} gesteld)`,
            max: Math.max(1, v.reached),
            rows: v.antwoorden.map((a, index) => ({ label: `${index === 0 && a.count > 0 ? '★ ' : ''}${a.tekst ?? a.antwoordId}`,
              parts: [{ value: a.count, kind: 'count' }],
              text: `${a.count} ${a.count === 1 ? 'route' : 'routes'}` })),
          });
          return h('div', { class: 'overview-vraag' }, chart);
        }));
    });
    fill(this.#overview,
      h('p', { class: 'overview-lead' }, `${o.routes} ${o.routes === 1 ? 'route' : 'routes'} gestart (${period}), waarvan ${o.finished} afgerond; samen ${o.steps} stappen.`),
      h('section', { class: 'card' }, h('h3', {}, 'Werkzame elementen'),
        mostMissed.length ? h('p', {}, 'Het vaakst gemist: ', mostMissed.map((e) => `${e.nummer}. ${e.naam} (${e.missed}×)`).join('; '), '.') : h('p', {}, 'Elke route raakte alle werkzame elementen.'),
        elementen),
      h('section', { class: 'card' }, h('h3', {}, 'Deelname per rol'), rollen),
      h('section', { class: 'card' }, h('h3', {}, 'Waar de rollen het oneens waren'),
        h('p', {}, `Bij ${o.disagreements} van de ${o.steps} stappen kozen de meerderheden van de rollen verschillende antwoorden.`),
        oneens),
      h('section', { class: 'card' }, h('h3', {}, 'Wat de groepen kozen bij elke vraag'),
        h('p', { class: 'muted' }, 'Per vraag het vaakst gekozen antwoord bovenaan (★).'),
        perFase));
  }
}

export function registerBeheerPage() {
  customElements.get('br-beheer-page') ?? customElements.define('br-beheer-page', BeheerPageElement);
}
