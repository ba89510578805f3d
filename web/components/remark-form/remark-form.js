/**
 * <br-remark-form>: the phone's optional field under the antwoorden, "Wil je iets toelichten?". Up to 280
 * characters, for the current vraag; shown as sent only once the server answers `remarked`. Set `.link`,
 * call `forVraag(vraagId)` when the vraag changes, and hand it `remarked(frame)` / `error(frame)`.
 * ARIA: a labelled textarea, a character count tied to it, a polite status line.
 */
import { h, fill } from '../../lib/dom.js';

const MAX = 280;
const MAX_PER_VRAAG = 5;

class RemarkFormElement extends HTMLElement {
  #link;
  #vraagId = null;
  #sent = 0;
  #pending = false;
  #field = h('textarea', { id: 'remark-text', name: 'remark', rows: '3', maxlength: String(MAX),
    'aria-describedby': 'remark-hint remark-count' });
  #count = h('span', { id: 'remark-count', class: 'remark-count' });
  #button = h('button', { type: 'submit', class: 'button' }, 'Verstuur toelichting');
  #status = h('p', { class: 'remark-status', role: 'status', 'aria-live': 'polite' });
  #form = h('form', { class: 'remark-form', novalidate: true, onsubmit: (e) => this.#submit(e) },
    h('label', { for: 'remark-text' }, 'Wil je iets toelichten?'),
    h('p', { class: 'remark-hint muted', id: 'remark-hint' }, 'Je naam komt er niet bij. De begeleider kan het op het scherm zetten.'),
    this.#field, h('div', { class: 'remark-row' }, this.#count, this.#button), this.#status);

  set link(link) {
    this.#link = link;
  }

  get pending() {
    return this.#pending;
  }

  connectedCallback() {
    if (!this.#form.isConnected) {
      fill(this, this.#form);
      this.#field.addEventListener('input', () => this.#updateCount());
      this.#updateCount();
    }
  }

  forVraag(vraagId) {
    if (vraagId === this.#vraagId) {
      return;
    }
    this.#vraagId = vraagId;
    this.#sent = 0;
    this.#pending = false;
    this.#field.value = '';
    this.#setStatus('');
    this.#updateCount();
  }

  remarked(frame) {
    if (frame.vraagId !== this.#vraagId) {
      return;
    }
    this.#pending = false;
    this.#sent += 1;
    this.#field.value = '';
    this.#updateCount();
    this.#setStatus(this.#sent >= MAX_PER_VRAAG
      ? 'Je toelichting is ontvangen. Meer dan vijf kan niet bij deze vraag.'
      : 'Je toelichting is ontvangen. Dank je wel!');
  }

  error(frame) {
    this.#pending = false;
    this.#updateCount();
    this.#setStatus(frame.message, true);
  }

  #submit(event) {
    event.preventDefault();
    const text = this.#field.value.trim();
    if (!text) {
      this.#setStatus('Schrijf eerst iets in het vak.', true);
      this.#field.focus();
      return;
    }
    if (this.#pending) {
      return;
    }
    if (this.#link?.send({ type: 'remark', vraagId: this.#vraagId, text })) {
      this.#pending = true;
      this.#setStatus('Je toelichting wordt verstuurd…');
    } else {
      this.#setStatus('Je bent even offline. Probeer het zo opnieuw; je tekst blijft staan.', true);
    }
    this.#updateCount();
  }

  #updateCount() {
    const used = [...this.#field.value.trim()].length;
    this.#count.textContent = `${used} van ${MAX} tekens`;
    this.#button.disabled = this.#pending || this.#sent >= MAX_PER_VRAAG;
  }

  #setStatus(text, isError = false) {
    this.#status.textContent = text;
    this.#status.classList.toggle('is-error', isError);
  }
}

export function registerRemarkForm() {
  customElements.get('br-remark-form') ?? customElements.define('br-remark-form', RemarkFormElement);
}
