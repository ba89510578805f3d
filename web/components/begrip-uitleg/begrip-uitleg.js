/**
 * <br-begrip>: a word from the content's begrippen, inside a text on a phone. The word is a button;
 * a tap (or Enter/Space) opens a small popover under it with the uitleg, a second tap, Escape or a tap
 * elsewhere closes it (the browser's popover, so focus and light dismiss work without extra code).
 * Use `explainedText(content, text)` to build a whole text with its begrippen explained, and
 * `markedText(content, text)` where a button cannot go (inside a button, on the beamer): a styled span.
 */
import { h } from '../../lib/dom.js';

let counter = 0;

class BegripElement extends HTMLElement {
  #button;
  #popover;

  /** @param word the word as it stands in the text; begrip {term, uitleg} */
  show(word, begrip) {
    const id = `begrip-${++counter}`;
    this.#button = h('button', { type: 'button', class: 'begrip', popovertarget: id, 'aria-expanded': 'false' }, word);
    this.#popover = h('span', { id, popover: 'auto', class: 'begrip-pop', role: 'note' },
      h('strong', { class: 'begrip-term' }, begrip.term), h('span', { class: 'begrip-uitleg' }, begrip.uitleg));
    this.#popover.addEventListener('toggle', (e) => {
      const open = e.newState === 'open';
      this.#button.setAttribute('aria-expanded', String(open));
      if (open) {
        this.#place();
      }
    });
    this.replaceChildren(this.#button);
    return this;
  }

  // The popover lives outside the text (at the end of <main>), so the text's own content stays the text
  // (for copying, tests, and a screen reader reading on); the browser links button and popover for
  // assistive technology and moves Tab from the button into the open popover.
  connectedCallback() {
    if (this.#popover && !this.#popover.isConnected) {
      (this.closest('main') ?? document.body).append(this.#popover);
    }
  }

  disconnectedCallback() {
    this.#popover?.remove();
  }

  /** Under the word if there is room, else above it; always inside the screen. */
  #place() {
    const word = this.#button.getBoundingClientRect();
    const pop = this.#popover;
    const margin = 8;
    const width = Math.min(pop.offsetWidth, innerWidth - 2 * margin);
    const left = Math.max(margin, Math.min(word.left, innerWidth - margin - width));
    const below = word.bottom + 6;
    const top = below + pop.offsetHeight <= innerHeight - margin ? below : Math.max(margin, word.top - 6 - pop.offsetHeight);
    pop.style.left = `${left}px`;
    pop.style.top = `${top}px`;
  }
}

/** A text with each begrip in it as a <br-begrip> button (first occurrence per term). */
export function explainedText(content, text) {
  return content.begrippen.nodes(text ?? '', (word, begrip) => h('br-begrip').show(word, begrip));
}

/** A text with each begrip in it styled but not interactive. */
export function markedText(content, text) {
  return content.begrippen.nodes(text ?? '', (word) => h('span', { class: 'begrip-mark' }, word));
}

/** "Uitleg bij: [kaders] [wijkmonitor]": buttons for begrippen that stand where no button can go. */
export function begrippenLine(content, texts, label = 'Uitleg bij:') {
  const found = content.begrippen.in(texts);
  if (found.length === 0) {
    return null;
  }
  return h('p', { class: 'begrippen-line' }, label, ' ',
    found.map((b, i) => [i ? ' ' : '', h('br-begrip').show(b.term, b)]));
}

export function registerBegrip() {
  customElements.get('br-begrip') ?? customElements.define('br-begrip', BegripElement);
}
