/**
 * Small DOM helpers. `h(tag, attributes, ...children)` builds elements; strings become text nodes, never
 * markup, so user text (names, titles) is always safe here.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === false || value === null || value === undefined) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      element.className = value;
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces all children of an element. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** Reads `key=value` pairs from the URL fragment (tokens travel there so they never reach a log). */
export function fragmentParams() {
  return new URLSearchParams(location.hash.replace(/^#/, ''));
}

/** The last path segment, e.g. the session id in /f/ID. */
export function lastPathSegment() {
  const parts = location.pathname.split('/').filter(Boolean);
  return parts.length > 1 ? decodeURIComponent(parts[parts.length - 1]) : '';
}
