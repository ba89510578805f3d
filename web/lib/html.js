/**
 * The `html` tagged template: every interpolated value is entity-encoded, so a name such as
 * `<img onerror=…>` stays text. Nest templates by interpolating another `html` result (it is kept as is).
 * Use `h()` from dom.js when the result needs live element references.
 */
class SafeHtml {
  #text;

  constructor(text) {
    this.#text = text;
  }

  toString() {
    return this.#text;
  }
}

const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function encode(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

function piece(value) {
  if (value instanceof SafeHtml) {
    return value.toString();
  }
  if (Array.isArray(value)) {
    return value.map(piece).join('');
  }
  return encode(value);
}

export function html(strings, ...values) {
  let out = strings[0];
  values.forEach((value, i) => {
    out += piece(value) + strings[i + 1];
  });
  return new SafeHtml(out);
}

/** Puts an `html` result into an element; refuses plain strings so nothing unencoded slips through. */
export function render(element, template) {
  if (!(template instanceof SafeHtml)) {
    throw new TypeError('render() takes only html`` results');
  }
  element.innerHTML = template.toString();
}
