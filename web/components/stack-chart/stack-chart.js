/**
 * <br-stack-chart>: the votes of one step as a stacked bar per antwoord, one segment per rol, drawn as SVG
 * by our own code. Each rol has a colour and a pattern (solid, stripes, dots), so the chart still reads
 * when printed in grey. Data in with `show({content, vraagId, counts, chosen})`.
 * The SVG is drawn at the element's own width in CSS pixels (and again when that width changes), so its
 * text is as large on a 360 px phone as on a laptop: never smaller than 14 px.
 * Also exports `rolLegend(content)`, the matching legend: HTML text with an SVG swatch per rol.
 */
import { h } from '../../lib/dom.js';
import { ROL_PATTERN_NAMES, rolPattern, rolSwatch, svg, uniqueId } from '../../lib/svg.js';

const LETTERS = 'ABCDEFGHIJ';
const FALLBACK_WIDTH = 600;

export function rolLegend(content) {
  return h('ul', { class: 'rol-legend', 'aria-label': 'Legenda' },
    content.rollen.map((rol, i) => h('li', {}, rolSwatch(i), h('span', {}, `${rol.naam} (${ROL_PATTERN_NAMES[i % 3]})`))));
}

class StackChartElement extends HTMLElement {
  #data;
  #width = 0;
  #observer;

  connectedCallback() {
    if (!this.#observer && 'ResizeObserver' in window) {
      this.#observer = new ResizeObserver(() => {
        const width = Math.round(this.clientWidth);
        if (this.#data && width > 0 && Math.abs(width - this.#width) >= 8) {
          this.#draw();
        }
      });
      this.#observer.observe(this);
    }
  }

  disconnectedCallback() {
    this.#observer?.disconnect();
    this.#observer = undefined;
  }

  show(data) {
    this.#data = data;
    this.#draw();
  }

  #draw() {
    const { content, vraagId, counts, chosen } = this.#data;
    const vraag = content.vraag(vraagId);
    const antwoorden = vraag ? vraag.antwoorden.map((a) => a.id) : Object.keys(counts ?? {});
    const prefix = uniqueId('chart');
    const width = Math.round(this.clientWidth) || FALLBACK_WIDTH;
    this.#width = width;
    const narrow = width < 480;
    const rowHeight = 32;
    const labelWidth = 28;
    const valueWidth = narrow ? 104 : 120;
    const barWidth = Math.max(80, width - labelWidth - valueWidth);
    const height = antwoorden.length * rowHeight + 4;
    const total = antwoorden.reduce((sum, id) => sum + Object.values(counts?.[id] ?? {}).reduce((a, b) => a + b, 0), 0);
    const described = antwoorden.map((id, row) => {
      const perRol = counts?.[id] ?? {};
      const parts = content.rollen.filter((r) => (perRol[r.id] ?? 0) > 0).map((r) => `${perRol[r.id]} ${r.naam.toLowerCase()}`);
      return `${LETTERS[row]}${id === chosen ? ' (gekozen)' : ''}: ${parts.length ? parts.join(', ') : 'geen stemmen'}`;
    }).join('; ');
    const chart = svg('svg', { viewBox: `0 0 ${labelWidth + barWidth + valueWidth} ${height}`, width: labelWidth + barWidth + valueWidth,
      height, role: 'img', 'aria-label': `Stemmen per antwoord en rol. ${described}.` },
    svg('defs', {}, content.rollen.map((rol, i) => rolPattern(`${prefix}-rol-${i}`, i))),
    antwoorden.map((id, row) => {
      const y = row * rowHeight + 2;
      const perRol = counts?.[id] ?? {};
      const n = Object.values(perRol).reduce((a, b) => a + b, 0);
      let x = labelWidth;
      const segments = content.rollen.map((rol, i) => {
        const value = perRol[rol.id] ?? 0;
        const w = total === 0 ? 0 : (value / total) * barWidth;
        const rect = value > 0 ? svg('rect', { x, y: y + 4, width: Math.max(w, 1), height: rowHeight - 10,
          fill: `url(#${prefix}-rol-${i})`, stroke: '#1c2126', 'stroke-width': 0.75 }) : null;
        x += w;
        return rect;
      });
      const isChosen = id === chosen;
      return svg('g', {},
        svg('text', { x: 4, y: y + 21, 'font-size': 16, 'font-weight': isChosen ? 700 : 400, fill: '#1c2126' }, LETTERS[row]),
        svg('rect', { x: labelWidth, y: y + 4, width: barWidth, height: rowHeight - 10, fill: 'none', stroke: '#767f8a' }),
        segments,
        svg('text', { x: labelWidth + barWidth + 8, y: y + 21, 'font-size': 15, 'font-weight': isChosen ? 700 : 400, fill: '#1c2126' },
          `${n}${isChosen ? (narrow ? ' ◀ keuze' : ' ◀ gekozen') : ''}`));
    }));
    this.replaceChildren(chart);
  }
}

export function registerStackChart() {
  customElements.get('br-stack-chart') ?? customElements.define('br-stack-chart', StackChartElement);
}
