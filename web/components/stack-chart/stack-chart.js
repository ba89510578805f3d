/**
 * <br-stack-chart>: the votes of one step as a stacked bar per antwoord, one segment per rol, drawn as SVG
 * by our own code. Each rol has a colour and a pattern (solid, stripes, dots), so the chart still reads
 * when printed in grey. Data in with `show({content, vraagId, counts, chosen})`.
 * Also exports `rolLegend(content)`, the matching legend as SVG.
 */
const NS = 'http://www.w3.org/2000/svg';
const LETTERS = 'ABCDEFGHIJ';
let chartCount = 0;

function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attributes)) {
    element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) {
      element.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
  }
  return element;
}

function rolColour(index) {
  const value = getComputedStyle(document.documentElement).getPropertyValue(`--rol-${index + 1}`).trim();
  return value || ['#0f6e3f', '#a14a00', '#3645a8'][index % 3];
}

/** A pattern per rol: solid, diagonal stripes, dots. */
function patterns(prefix, content) {
  return svg('defs', {}, content.rollen.map((rol, i) => {
    const colour = rolColour(i);
    const id = `${prefix}-rol-${i}`;
    if (i % 3 === 0) {
      return svg('pattern', { id, width: 8, height: 8, patternUnits: 'userSpaceOnUse' },
        svg('rect', { width: 8, height: 8, fill: colour }));
    }
    if (i % 3 === 1) {
      return svg('pattern', { id, width: 8, height: 8, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
        svg('rect', { width: 8, height: 8, fill: colour }),
        svg('rect', { width: 3, height: 8, fill: '#ffffff' }));
    }
    return svg('pattern', { id, width: 8, height: 8, patternUnits: 'userSpaceOnUse' },
      svg('rect', { width: 8, height: 8, fill: colour }),
      svg('circle', { cx: 4, cy: 4, r: 1.8, fill: '#ffffff' }));
  }));
}

export function rolLegend(content) {
  const prefix = `legend${chartCount++}`;
  const width = 190 * content.rollen.length;
  return svg('svg', { class: 'rol-legend', viewBox: `0 0 ${width} 24`, role: 'img',
    'aria-label': 'Legenda: ' + content.rollen.map((r, i) => `${r.naam}: ${['effen', 'gestreept', 'gestippeld'][i % 3]}`).join(', ') },
  patterns(prefix, content),
  content.rollen.map((rol, i) => svg('g', { transform: `translate(${i * 190},0)` },
    svg('rect', { x: 0, y: 3, width: 18, height: 18, fill: `url(#${prefix}-rol-${i})`, stroke: '#1c2126', 'stroke-width': 1 }),
    svg('text', { x: 26, y: 17, 'font-size': 15, fill: '#1c2126' }, rol.naam))));
}

class StackChartElement extends HTMLElement {
  show({ content, vraagId, counts, chosen }) {
    const vraag = content.vraag(vraagId);
    const antwoorden = vraag ? vraag.antwoorden.map((a) => a.id) : Object.keys(counts ?? {});
    const prefix = `chart${chartCount++}`;
    const rowHeight = 30;
    const labelWidth = 36;
    const barWidth = 460;
    const height = antwoorden.length * rowHeight + 4;
    const total = antwoorden.reduce((sum, id) => sum + Object.values(counts?.[id] ?? {}).reduce((a, b) => a + b, 0), 0);
    const described = antwoorden.map((id, row) => {
      const perRol = counts?.[id] ?? {};
      const parts = content.rollen.filter((r) => (perRol[r.id] ?? 0) > 0).map((r) => `${perRol[r.id]} ${r.naam.toLowerCase()}`);
      return `${LETTERS[row]}${id === chosen ? ' (gekozen)' : ''}: ${parts.length ? parts.join(', ') : 'geen stemmen'}`;
    }).join('; ');
    const chart = svg('svg', { viewBox: `0 0 ${labelWidth + barWidth + 110} ${height}`, role: 'img',
      'aria-label': `Stemmen per antwoord en rol. ${described}.` },
    patterns(prefix, content),
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
        svg('text', { x: 4, y: y + 20, 'font-size': 16, 'font-weight': isChosen ? 700 : 400, fill: '#1c2126' }, LETTERS[row]),
        svg('rect', { x: labelWidth, y: y + 4, width: barWidth, height: rowHeight - 10, fill: 'none', stroke: '#d9d6cf' }),
        segments,
        svg('text', { x: labelWidth + barWidth + 8, y: y + 20, 'font-size': 15, 'font-weight': isChosen ? 700 : 400, fill: '#1c2126' },
          `${n}${isChosen ? ' ◀ gekozen' : ''}`));
    }));
    this.replaceChildren(chart);
  }
}

export function registerStackChart() {
  customElements.get('br-stack-chart') ?? customElements.define('br-stack-chart', StackChartElement);
}
