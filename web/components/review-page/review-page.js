/**
 * <br-review-page>: a saved route for the team to review (/r/SESSIONID#token=…): the steps as a timeline
 * per fase with the votes per rol as a stacked bar chart, the ten werkzame elementen touched and missed,
 * the interventies, the steps where the rollen disagreed, the team's notes with a form to add one, CSV and
 * Markdown downloads, a way on to compare, and a clean print. Its texts are those of the content version the
 * route ran with (GET /api/content?version=). The token comes from the link's fragment, or, for the
 * organisation, from the admin token that /beheer keeps in this tab's sessionStorage.
 */
import { ApiError, getBlob, getJson, postJson } from '../../lib/api.js';
import { adminToken } from '../../lib/storage.js';
import { loadContent } from '../../lib/content.js';
import { fragmentParams, h, fill, lastPathSegment } from '../../lib/dom.js';
import { rolLegend } from '../stack-chart/stack-chart.js';

const LETTERS = 'ABCDEFGHIJ';
const REASONS = {
  tie: 'het stond gelijk',
  noVotes: 'er was niet gestemd',
  override: 'de begeleider koos een ander antwoord dan de meeste stemmen',
  confirmed: 'de begeleider bevestigde de meeste stemmen',
};

class ReviewPageElement extends HTMLElement {
  #content;
  #route;
  #sessionId = '';
  #token = '';
  #downloadError = h('p', { class: 'error', role: 'alert' });
  #asAdmin = false;
  #notesList = h('ol', { class: 'notes-list' });
  #versionNotice = null;

  async connectedCallback() {
    if (this.#content) {
      return;
    }
    this.#sessionId = lastPathSegment();
    this.#token = fragmentParams().get('token') ?? '';
    if (!this.#token && adminToken()) {
      this.#token = adminToken();
      this.#asAdmin = true;
    }
    if (!this.#token) {
      fill(this, h('section', { class: 'card', role: 'alert' }, h('h1', {}, 'Deze link is niet compleet'),
        h('p', {}, 'Een route bekijk je met de link die de begeleider deelt. Daarin staat de sleutel achter het #-teken.')));
      return;
    }
    fill(this, h('p', { class: 'muted' }, 'De route wordt geladen…'));
    try {
      this.#route = await getJson(`/api/routes/${encodeURIComponent(this.#sessionId)}`, this.#token);
      this.#content = await this.#contentOfRoute();
    } catch (error) {
      fill(this, h('section', { class: 'card', role: 'alert' }, h('h1', {}, 'De route kon niet geladen worden'),
        h('p', {}, error instanceof ApiError ? error.message : 'Er ging iets mis. Probeer het opnieuw.')));
      return;
    }
    this.#render();
  }

  /**
   * The texts the group saw: the content version the route ran with. When the server no longer knows it
   * (or the route names none) the current content, with a notice that texts may differ.
   */
  async #contentOfRoute() {
    const version = this.#route.contentVersion;
    if (version) {
      try {
        return await loadContent(version);
      } catch (error) {
        if (!(error instanceof ApiError)) {
          throw error;
        }
      }
    }
    const current = await loadContent();
    if (current.version !== version) {
      this.#versionNotice = h('p', { class: 'notice' },
        'De teksten waarmee deze route liep, zijn niet meer bewaard. Je ziet de huidige vragen en antwoorden; die kunnen iets anders zijn dan wat de groep toen zag. De gekozen antwoorden en reflecties hieronder zijn wel die van toen.');
    }
    return current;
  }

  #render() {
    const route = this.#route;
    const content = this.#content;
    document.title = `${route.title} · Route · Buurtroute`;
    const date = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'long', timeStyle: 'short' });
    const when = route.startedAt ? date.format(new Date(route.startedAt)) : null;
    fill(this,
      h('div', { class: 'review-head' },
        h('h1', {}, 'Route: ', h('span', {}, route.title)),
        h('p', { class: 'muted' }, [route.neighbourhood, when ? `gestart ${when}` : null,
          route.finishedAt ? `afgerond ${date.format(new Date(route.finishedAt))}` : null].filter(Boolean).join(' · ')),
        route.status !== 'finished'
          ? h('p', { class: 'notice' }, 'Deze sessie loopt nog. Je ziet de route tot nu toe.') : null,
        this.#versionNotice,
        h('div', { class: 'button-row no-print' },
          h('button', { type: 'button', class: 'button', onclick: () => this.#download('csv') }, 'Download CSV'),
          h('button', { type: 'button', class: 'button', onclick: () => this.#download('md') }, 'Download Markdown'),
          h('button', { type: 'button', class: 'button button-primary', onclick: () => window.print() }, 'Printen of PDF maken'),
          h('a', { class: 'button', href: this.#compareLink() }, 'Vergelijk met een andere route'),
          this.#asAdmin ? h('a', { class: 'button', href: '/beheer' }, 'Terug naar alle routes') : null),
        this.#downloadError),
      this.#summary(),
      this.#notes(),
      h('section', { class: 'review-timeline', 'aria-labelledby': 'timeline-h' },
        h('h2', { id: 'timeline-h' }, 'De route, stap voor stap'),
        route.steps.length ? h('div', { class: 'legend-box' }, h('p', { class: 'muted' }, 'Stemmen per rol:'), rolLegend(content)) : null,
        route.steps.length === 0 ? h('p', {}, 'Er zijn nog geen stappen gezet.') : null,
        content.fasen.map((fase) => this.#fase(fase))));
  }

  #summary() {
    const { summary } = this.#route;
    const content = this.#content;
    const touched = new Map((summary?.werkzameElementen?.touched ?? []).map((e) => [e.nummer, e.count]));
    const participants = summary?.participants;
    return h('section', { class: 'review-summary', 'aria-labelledby': 'summary-h' },
      h('h2', { id: 'summary-h' }, 'Samenvatting'),
      participants ? h('p', {}, `${participants.total} deelnemers: `,
        content.rollen.map((r) => `${participants.perRol?.[r.id] ?? 0} ${(participants.perRol?.[r.id] ?? 0) === 1 ? r.naam.toLowerCase() : content.rolMeervoud(r.id)}`).join(', '),
        participants.removed ? `; ${participants.removed} weggehaald` : '', '.') : null,
      h('section', { class: 'card', 'aria-labelledby': 'we-h' },
        h('h3', { id: 'we-h' }, h('span', { 'aria-hidden': 'true' }, '◆ '), 'Werkzame elementen'),
        h('p', { class: 'muted' }, `De route raakte ${touched.size} van de ${content.werkzameElementen.length} werkzame elementen.`),
        h('ul', { class: 'we-grid' }, content.werkzameElementen.map((w) => {
          const count = touched.get(w.nummer) ?? 0;
          return h('li', { class: count ? 'is-touched' : 'is-missed' },
            h('span', { class: 'we-number' }, String(w.nummer)),
            h('span', { class: 'we-name' }, w.naam),
            h('span', { class: 'we-state' }, count ? `◆ geraakt${count > 1 ? ` (${count}×)` : ''}` : 'niet geraakt'));
        }))),
      h('section', { class: 'card', 'aria-labelledby': 'iv-h' },
        h('h3', { id: 'iv-h' }, h('span', { 'aria-hidden': 'true' }, '♠ '), 'Interventies om naar te kijken'),
        summary?.interventies?.length
          ? h('ul', { class: 'interventie-list' }, summary.interventies.map((i) => h('li', {},
            h('p', { class: 'interventie-naam' }, h('span', { 'aria-hidden': 'true' }, '♠ '), i.naam,
              i.count > 1 ? h('span', { class: 'muted' }, ` (bij ${i.count} stappen)`) : ''),
            h('p', { class: 'interventie-uitleg' }, content.interventie(i.id)?.samenvatting ?? ''))))
          : h('p', {}, 'De gekozen antwoorden wezen niet naar een interventie.')),
      h('section', { class: 'card', 'aria-labelledby': 'dis-h' },
        h('h3', { id: 'dis-h' }, 'Waar de rollen het oneens waren'),
        summary?.disagreements?.length
          ? h('ul', { class: 'plain-list' }, summary.disagreements.map((d) => h('li', {},
            h('strong', {}, `Stap ${d.index + 1}: `), d.vraagTekst,
            h('ul', {}, Object.entries(d.majorityPerRol ?? {}).map(([rol, antwoordId]) => h('li', {},
              `${content.rolMeervoud(rol)}: `, antwoordId ? content.antwoord(antwoordId)?.tekst ?? antwoordId : 'gelijk verdeeld'))))))
          : h('p', {}, 'Bij geen enkele stap kozen de rollen iets anders.')),
      summary?.decidedByFacilitator?.length ? h('section', { class: 'card', 'aria-labelledby': 'fac-h' },
        h('h3', { id: 'fac-h' }, 'Keuzes van de begeleider'),
        h('ul', { class: 'plain-list' }, summary.decidedByFacilitator.map((d) => h('li', {},
          h('strong', {}, `Stap ${d.index + 1}: `), d.antwoordTekst, ` (${REASONS[d.reason] ?? 'gekozen door de begeleider'})`)))) : null);
  }

  #fase(fase) {
    const steps = this.#route.steps.filter((s) => s.fase === fase.id);
    if (steps.length === 0) {
      return h('section', { class: 'review-fase is-empty' }, h('h3', {}, fase.naam), h('p', { class: 'muted' }, 'Nog niet aan toe gekomen.'));
    }
    return h('section', { class: 'review-fase' },
      h('h3', {}, fase.naam, h('span', { class: 'muted motto' }, ` · ${fase.motto}`)),
      h('ol', { class: 'review-steps' }, steps.map((step) => this.#step(step))));
  }

  #step(step) {
    const content = this.#content;
    const vraag = content.vraag(step.vraagId);
    const chart = h('br-stack-chart');
    chart.show({ content, vraagId: step.vraagId, counts: step.counts, chosen: step.antwoordId });
    const by = step.decidedBy === 'facilitator'
      ? `Gekozen door de begeleider${step.decisionReason && REASONS[step.decisionReason] ? ` (${REASONS[step.decisionReason]})` : ''}.`
      : 'Gekozen door de meeste stemmen.';
    return h('li', { class: 'card review-step' },
      h('p', { class: 'step-number muted' }, `Stap ${step.index + 1}`),
      h('h4', {}, step.vraagTekst ?? vraag?.tekst ?? step.vraagId),
      h('p', { class: 'step-antwoord' }, step.antwoordTekst ?? content.antwoord(step.antwoordId)?.tekst ?? ''),
      h('p', { class: 'muted' }, by, ` ${step.voters} ${step.voters === 1 ? 'stem' : 'stemmen'}.`,
        step.rollenDisagree ? h('strong', { class: 'disagree' }, ' De rollen kozen verschillend.') : null),
      chart,
      vraag ? h('ol', { class: 'step-antwoorden' }, vraag.antwoorden.map((a, i) => h('li', { class: a.id === step.antwoordId ? 'is-chosen' : '' },
        h('span', { class: 'letter-inline' }, `${LETTERS[i]}.`), ' ', a.tekst))) : null,
      step.reflectie ? h('p', { class: 'step-reflectie' }, step.reflectie) : null,
      h('p', { class: 'step-tags' },
        (step.werkzameElementen ?? []).map((w) => h('span', { class: 'tag' }, `◆ ${w.naam}`)),
        (step.interventies ?? []).map((i) => h('span', { class: 'tag tag-spade' }, `♠ ${i.naam}`))));
  }

  /** The compare page with this route as the first; the admin token stays out of the link. */
  #compareLink() {
    const ref = this.#asAdmin ? this.#sessionId : `${this.#sessionId}:${this.#token}`;
    return `/c#a=${encodeURIComponent(ref)}`;
  }

  #notes() {
    const date = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'long', timeStyle: 'short' });
    const item = (note) => h('li', { class: 'note' },
      h('p', { class: 'note-date muted' }, h('time', { datetime: note.createdAt }, date.format(new Date(note.createdAt)))),
      h('p', { class: 'note-text' }, note.text));
    const notes = this.#route.notes ?? [];
    fill(this.#notesList, notes.map(item));
    const empty = h('p', { class: 'muted' }, 'Nog geen notities. Schrijf hier wat jullie na de avond afspraken: wie doet wat, en wanneer.');
    const field = h('textarea', { id: 'note-text', name: 'text', rows: 4, maxlength: 2000, required: true,
      'aria-describedby': 'note-hint note-error' });
    const counter = h('span', { class: 'hint', id: 'note-hint', 'aria-live': 'polite' }, 'Hoogstens 2000 tekens.');
    const error = h('p', { class: 'error', id: 'note-error', role: 'alert' });
    const button = h('button', { type: 'submit', class: 'button button-primary' }, 'Notitie opslaan');
    field.addEventListener('input', () => {
      counter.textContent = `${field.value.length} van 2000 tekens.`;
    });
    const form = h('form', { class: 'note-form no-print', novalidate: true, onsubmit: async (event) => {
      event.preventDefault();
      error.textContent = '';
      const text = field.value.trim();
      if (!text) {
        error.textContent = 'De notitie is leeg. Schrijf er iets in.';
        field.focus();
        return;
      }
      button.disabled = true;
      button.textContent = 'Bezig met opslaan…';
      try {
        const note = await postJson(`/api/routes/${encodeURIComponent(this.#sessionId)}/notes`, { text }, this.#token);
        this.#route.notes = [...(this.#route.notes ?? []), note];
        this.#notesList.append(item(note));
        empty.hidden = true;
        field.value = '';
        counter.textContent = 'Opgeslagen. Hoogstens 2000 tekens.';
      } catch (failure) {
        error.textContent = failure.message;
      } finally {
        button.disabled = false;
        button.textContent = 'Notitie opslaan';
      }
    } },
    h('div', { class: 'field' }, h('label', { for: 'note-text' }, 'Nieuwe notitie'), field, counter),
    error, button);
    empty.hidden = notes.length > 0;
    return h('section', { class: 'card review-notes', 'aria-labelledby': 'notes-h' },
      h('h2', { id: 'notes-h' }, 'Notities van het team'), empty, this.#notesList, form);
  }

  async #download(format) {
    this.#downloadError.textContent = '';
    try {
      const blob = await getBlob(`/api/routes/${encodeURIComponent(this.#sessionId)}/export?format=${format}`, this.#token);
      const url = URL.createObjectURL(blob);
      const slug = this.#route.title.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
      const link = h('a', { href: url, download: `buurtroute-${slug || 'route'}.${format}` });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      this.#downloadError.textContent = error.message;
    }
  }
}

export function registerReviewPage() {
  customElements.get('br-review-page') ?? customElements.define('br-review-page', ReviewPageElement);
}
