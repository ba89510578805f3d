/**
 * <br-review-page>: a saved route for the team to review (/r/SESSIONID#token=…): the steps as a timeline
 * per fase with the votes per rol as a stacked bar chart, the ten werkzame elementen touched and missed,
 * the interventies, the steps where the rollen disagreed, CSV and Markdown downloads, and a clean print.
 */
import { ApiError, getJson, getText } from '../../lib/api.js';
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

  async connectedCallback() {
    if (this.#content) {
      return;
    }
    this.#sessionId = lastPathSegment();
    this.#token = fragmentParams().get('token') ?? '';
    if (!this.#token) {
      fill(this, h('section', { class: 'card', role: 'alert' }, h('h1', {}, 'Deze link is niet compleet'),
        h('p', {}, 'Een route bekijk je met de link die de begeleider deelt. Daarin staat de sleutel achter het #-teken.')));
      return;
    }
    fill(this, h('p', { class: 'muted' }, 'De route wordt geladen…'));
    try {
      [this.#content, this.#route] = await Promise.all([
        loadContent(),
        getJson(`/api/routes/${encodeURIComponent(this.#sessionId)}`, this.#token),
      ]);
    } catch (error) {
      fill(this, h('section', { class: 'card', role: 'alert' }, h('h1', {}, 'De route kon niet geladen worden'),
        h('p', {}, error instanceof ApiError ? error.message : 'Er ging iets mis. Probeer het opnieuw.')));
      return;
    }
    this.#render();
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
        h('div', { class: 'button-row no-print' },
          h('button', { type: 'button', class: 'button', onclick: () => this.#download('csv') }, 'Download CSV'),
          h('button', { type: 'button', class: 'button', onclick: () => this.#download('md') }, 'Download Markdown'),
          h('button', { type: 'button', class: 'button button-primary', onclick: () => window.print() }, 'Printen of PDF maken')),
        this.#downloadError),
      this.#summary(),
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
      h('section', { class: 'card', 'aria-labelledby': 'rm-h' },
        h('h3', { id: 'rm-h' }, 'Toelichtingen van deelnemers'),
        this.#remarks((el) => el.showSummary({ content, perRol: summary?.remarks ?? {} }))),
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
        (step.interventies ?? []).map((i) => h('span', { class: 'tag tag-spade' }, `♠ ${i.naam}`))),
      this.#remarks((el) => el.show({ content, remarks: step.remarks })));
  }

  #remarks(show) {
    const element = h('br-step-remarks');
    show(element);
    return element;
  }

  async #download(format) {
    this.#downloadError.textContent = '';
    try {
      const text = await getText(`/api/routes/${encodeURIComponent(this.#sessionId)}/export?format=${format}`, this.#token);
      const type = format === 'csv' ? 'text/csv' : 'text/markdown';
      const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
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
