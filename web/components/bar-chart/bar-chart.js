/**
 * <br-bar-chart>: horizontal bars, one row per item, for the organisation's overview. The bars are SVG drawn
 * by our own code with widths in percent, so they fit any screen; the words (label and figures) are HTML
 * text beside them, so they keep the page's font size on a phone, wrap, and print. Every fill has its own
 * pattern (solid, hatched, striped, dotted), so the chart reads in grey print too; the bars are hidden from
 * screen readers because the text of each row says the same.
 *
 * Usage: chart.show({ caption, rows: [{ label, parts: [{ value, kind }], text }], max, legend: [{ kind, label }] })
 * kind: 'touched' | 'missed' | 'count' | 'rol-0' | 'rol-1' | 'rol-2'. `max` is the value of a full bar.
 */
import { h } from '../../lib/dom.js';
import { missedPattern, rolPattern, svg, uniqueId } from '../../lib/svg.js';

function pattern(id, kind) {
  if (kind === 'missed') {
    return missedPattern(id);
  }
  if (kind.startsWith('rol-')) {
    return rolPattern(id, Number(kind.slice(4)));
  }
  return svg('pattern', { id, width: 8, height: 8, patternUnits: 'userSpaceOnUse' },
    svg('rect', { width: 8, height: 8, fill: '#0b5e55' }));
}

function bar(parts, max) {
  const prefix = uniqueId('bar');
  const kinds = [...new Set(parts.map((p) => p.kind))];
  let x = 0;
  const rects = parts.map((part) => {
    const width = max > 0 ? (part.value / max) * 100 : 0;
    const rect = part.value > 0 ? svg('rect', { x: `${x}%`, y: 1, width: `${width}%`, height: 18,
      fill: `url(#${prefix}-${part.kind})`, stroke: '#1c2126', 'stroke-width': 1 }) : null;
    x += width;
    return rect;
  });
  return svg('svg', { class: 'bar', width: '100%', height: 20, 'aria-hidden': 'true', focusable: 'false' },
    svg('defs', {}, kinds.map((kind) => pattern(`${prefix}-${kind}`, kind))),
    svg('rect', { x: 0, y: 1, width: '100%', height: 18, fill: '#ffffff', stroke: '#767f8a', 'stroke-width': 1 }),
    rects);
}

export function legendSwatch(kind) {
  const id = uniqueId('legend');
  return svg('svg', { class: 'swatch', width: 18, height: 18, viewBox: '0 0 18 18', 'aria-hidden': 'true', focusable: 'false' },
    svg('defs', {}, pattern(id, kind)),
    svg('rect', { x: 0.5, y: 0.5, width: 17, height: 17, fill: `url(#${id})`, stroke: '#1c2126', 'stroke-width': 1 }));
}

class BarChartElement extends HTMLElement {
  show({ caption, rows, max, legend = [] }) {
    const top = max ?? Math.max(1, ...rows.map((r) => r.parts.reduce((sum, p) => sum + p.value, 0)));
    this.replaceChildren(h('figure', { class: 'bar-chart' },
      caption ? h('figcaption', {}, caption) : null,
      legend.length ? h('ul', { class: 'bar-legend' }, legend.map((l) => h('li', {}, legendSwatch(l.kind), h('span', {}, l.label)))) : null,
      h('ul', { class: 'bar-rows' }, rows.map((row) => h('li', { class: 'bar-row' },
        h('span', { class: 'bar-label' }, row.label),
        bar(row.parts, top),
        h('span', { class: 'bar-text' }, row.text))))));
  }
}

export function registerBarChart() {
  customElements.get('br-bar-chart') ?? customElements.define('br-bar-chart', BarChartElement);
}
