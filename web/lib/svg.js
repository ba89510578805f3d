/**
 * SVG drawn by our own code: `svg(tag, attributes, ...children)` (strings become text nodes), the colour of
 * a rol, and the fill patterns that keep charts readable in grey print (solid, stripes, dots per rol; a
 * hatch for "missed").
 */
const NS = 'http://www.w3.org/2000/svg';
let idCount = 0;

export function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined) {
      element.setAttribute(name, String(value));
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child !== null && child !== undefined && child !== false) {
      element.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
  }
  return element;
}

/** A prefix for pattern ids that is unique on the page. */
export function uniqueId(name) {
  idCount += 1;
  return `${name}${idCount}`;
}

export function rolColour(index) {
  const value = getComputedStyle(document.documentElement).getPropertyValue(`--rol-${index + 1}`).trim();
  return value || ['#0f6e3f', '#a14a00', '#3645a8'][index % 3];
}

export const ROL_PATTERN_NAMES = ['effen', 'gestreept', 'gestippeld'];

/** One pattern element for a rol: solid, diagonal stripes or dots. */
export function rolPattern(id, index) {
  const colour = rolColour(index);
  if (index % 3 === 0) {
    return svg('pattern', { id, width: 8, height: 8, patternUnits: 'userSpaceOnUse' },
      svg('rect', { width: 8, height: 8, fill: colour }));
  }
  if (index % 3 === 1) {
    return svg('pattern', { id, width: 8, height: 8, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
      svg('rect', { width: 8, height: 8, fill: colour }),
      svg('rect', { width: 3, height: 8, fill: '#ffffff' }));
  }
  return svg('pattern', { id, width: 8, height: 8, patternUnits: 'userSpaceOnUse' },
    svg('rect', { width: 8, height: 8, fill: colour }),
    svg('circle', { cx: 4, cy: 4, r: 1.8, fill: '#ffffff' }));
}

/** "Missed": a light hatch with a dark outline, so it differs from every rol fill in grey too. */
export function missedPattern(id) {
  return svg('pattern', { id, width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(-45)' },
    svg('rect', { width: 6, height: 6, fill: '#ffffff' }),
    svg('rect', { width: 1.5, height: 6, fill: '#4b5563' }));
}

/** A small square swatch in a rol's pattern, for legends written in HTML. */
export function rolSwatch(index) {
  const id = uniqueId('swatch');
  return svg('svg', { class: 'swatch', width: 18, height: 18, viewBox: '0 0 18 18', 'aria-hidden': 'true', focusable: 'false' },
    svg('defs', {}, rolPattern(id, index)),
    svg('rect', { x: 0.5, y: 0.5, width: 17, height: 17, fill: `url(#${id})`, stroke: '#1c2126', 'stroke-width': 1 }));
}
