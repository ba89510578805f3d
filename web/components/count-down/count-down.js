/**
 * <br-count-down>: the time left of a timed vote, counted from the state's `votingEndsAt` on the server's
 * clock (lib/clock.js), so phone, console and beamer agree. `show(endsAt)`; null hides it. ARIA: role
 * "timer" (not announced every second); a screen reader hears the minute marks through a polite region.
 */
import { h, fill } from '../../lib/dom.js';
import { secondsLeft, formatSeconds } from '../../lib/clock.js';

class CountDownElement extends HTMLElement {
  #endsAt = null;
  #ticker = null;
  #time = h('span', { class: 'cd-time', role: 'timer', 'aria-atomic': 'true' });
  #spoken = h('span', { class: 'sr-only', 'aria-live': 'polite' });
  #lastSpoken = null;

  connectedCallback() {
    if (!this.#time.isConnected) {
      fill(this, h('span', { class: 'cd-label' }, 'Nog '), this.#time, this.#spoken);
    }
    this.#tick();
  }

  disconnectedCallback() {
    clearInterval(this.#ticker);
    this.#ticker = null;
  }

  show(endsAt) {
    this.#endsAt = typeof endsAt === 'number' ? endsAt : null;
    this.#lastSpoken = null;
    this.#tick();
  }

  #tick() {
    const left = secondsLeft(this.#endsAt);
    this.hidden = left === null;
    if (left === null) {
      clearInterval(this.#ticker);
      this.#ticker = null;
      return;
    }
    this.#time.textContent = formatSeconds(left);
    this.dataset.secondsLeft = String(left);
    this.classList.toggle('is-ending', left <= 10);
    const mark = left === 0 ? 'De tijd is om.' : left % 60 === 0 || left === 30 || left === 10
      ? `Nog ${formatSeconds(left)} om te stemmen.` : null;
    if (mark && mark !== this.#lastSpoken) {
      this.#lastSpoken = mark;
      this.#spoken.textContent = mark;
    }
    if (this.#ticker === null && this.isConnected) {
      this.#ticker = setInterval(() => this.#tick(), 250);
    }
  }
}

export function registerCountDown() {
  customElements.get('br-count-down') ?? customElements.define('br-count-down', CountDownElement);
}
