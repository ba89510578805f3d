/**
 * <br-room-control>: who may come in, for the facilitator's console. 'Op slot' (nobody new joins; people
 * who were in can come back), 'Nieuwe code' (the old code and link stop at once), a warning when joins
 * come in far faster than a room could (with 'Op slot doen' in one click), and finding and removing people
 * at any size: search by name, everyone who came in after a time, tick several, remove them at once.
 * The list is fetched page by page over the live connection ({type:'people'}), so it works at 5,000.
 *
 * Data in: `show({state})` on every state, `frame(frame)` for joinRate, people, removedMany and error
 * frames. Events out: `send` ({message}) for the console to put on its live link.
 */
import { h, fill } from '../../lib/dom.js';

const PAGE = 50;

class RoomControlElement extends HTMLElement {
  #state = null;
  #el = {};
  #page = null;
  #query = { offset: 0, search: '', joinedAfter: null };
  #chosen = new Set();
  #built = false;
  #confirmingCode = false;
  #content = null;

  connectedCallback() {
    if (!this.#built) {
      this.#build();
    }
  }

  #build() {
    this.#built = true;
    const el = this.#el;
    el.warning = h('div', { class: 'rate-warning', role: 'alert', hidden: true },
      el.warningText = h('p', {}),
      el.warningLock = h('button', { type: 'button', class: 'button button-danger', onclick: () => this.#send({ type: 'lock' }) },
        'Sessie op slot doen'));
    el.lockState = h('p', { class: 'lock-state', role: 'status' });
    el.lock = h('button', { type: 'button', class: 'button', 'aria-pressed': 'false', onclick: () =>
      this.#send({ type: this.#state?.locked ? 'unlock' : 'lock' }) }, 'Op slot');
    el.codeBox = h('div', { class: 'code-box' });
    el.newCode = h('button', { type: 'button', class: 'button', onclick: () => this.#askNewCode() }, 'Nieuwe code maken');
    el.search = h('input', { type: 'search', id: 'room-search', autocomplete: 'off', placeholder: 'bijvoorbeeld bot' });
    el.after = h('input', { type: 'time', id: 'room-after', step: '1' });
    el.list = h('div', { class: 'room-people', 'aria-live': 'polite' });
    el.removeChosen = h('button', { type: 'button', class: 'button button-danger', disabled: true,
      onclick: () => this.#removeChosen() }, 'Verwijder gekozen');
    el.removeAfter = h('button', { type: 'button', class: 'button button-danger', disabled: true,
      onclick: () => this.#removeAfter() }, 'Verwijder iedereen die na deze tijd binnenkwam');
    el.message = h('p', { class: 'room-message', role: 'status' });
    el.error = h('p', { class: 'error', role: 'alert' });
    const form = h('form', { class: 'room-find', role: 'search', onsubmit: (e) => {
      e.preventDefault();
      this.#find(0);
    } },
      h('label', { for: 'room-search' }, 'Zoek op naam'), el.search,
      h('label', { for: 'room-after' }, 'Binnengekomen na (uu:mm:ss)'), el.after,
      h('div', { class: 'button-row' }, h('button', { type: 'submit', class: 'button' }, 'Zoeken')));
    el.after.addEventListener('input', () => {
      el.removeAfter.disabled = !this.#afterMillis();
      el.removeAfter.textContent = this.#afterMillis()
        ? `Verwijder iedereen die na ${el.after.value} binnenkwam` : 'Verwijder iedereen die na deze tijd binnenkwam';
    });
    fill(this,
      el.warning,
      h('div', { class: 'room-row' }, el.lockState, el.lock),
      h('div', { class: 'room-row' }, el.codeBox),
      h('details', { class: 'room-remove' },
        h('summary', {}, 'Mensen zoeken en weghalen'),
        form, el.list,
        h('div', { class: 'button-row' }, el.removeChosen, el.removeAfter)),
      el.message, el.error);
    this.#renderCode();
  }

  show({ state, content }) {
    this.#content = content ?? this.#content;
    const before = this.#state;
    this.#state = state;
    if (!this.#built) {
      this.#build();
    }
    const el = this.#el;
    const open = state.status !== 'finished';
    el.lock.disabled = !open;
    el.newCode.disabled = !open;
    el.lock.textContent = state.locked ? 'Van het slot halen' : 'Op slot doen';
    el.lock.setAttribute('aria-pressed', String(!!state.locked));
    el.lockState.textContent = state.locked
      ? 'De sessie is op slot: er kan niemand nieuw bij. Wie al meedeed, kan terugkomen.'
      : 'De sessie is open: iedereen met de code kan meedoen.';
    this.classList.toggle('is-locked', !!state.locked);
    if (state.locked) {
      el.warning.hidden = true;
    }
    if (before?.joinCode !== state.joinCode || !before) {
      this.#renderCode();
    }
    if (before && before.participants.total !== state.participants.total && this.#page) {
      this.#find(this.#query.offset, true);
    }
  }

  frame(frame) {
    const el = this.#el;
    if (frame.type === 'joinRate' && !this.#state?.locked) {
      el.warningText.textContent = `Let op: er kwamen ${frame.joins} mensen binnen in ${frame.seconds} seconden. `
        + 'Zo snel kan een zaal niet meedoen; misschien doet iemand iets raars. Doe de sessie op slot en kijk wie er binnenkwam.';
      el.warning.hidden = false;
      if (!this.#query.joinedAfter) {
        // A second before the first join of the rush: the facilitator checks the list before removing.
        const at = new Date(frame.since - 1000);
        el.after.value = [at.getHours(), at.getMinutes(), at.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
        el.after.dispatchEvent(new Event('input'));
      }
    } else if (frame.type === 'people') {
      this.#page = frame;
      this.#renderPage();
    } else if (frame.type === 'removedMany') {
      const n = frame.participantIds.length;
      el.message.textContent = n === 1 ? '1 deelnemer weggehaald.' : `${n} deelnemers weggehaald.`;
      this.#chosen.clear();
      this.#find(0, true);
    } else if (frame.type === 'joinCode') {
      this.#confirmingCode = false;
      el.message.textContent = 'Er is een nieuwe code. De oude code en link werken niet meer.';
      this.#renderCode();
    }
  }

  #renderCode() {
    const el = this.#el;
    if (this.#confirmingCode) {
      fill(el.codeBox,
        h('p', { class: 'notice' }, 'Nieuwe code maken? De oude code en QR-code werken dan niet meer. Wie al meedoet, blijft erin.'),
        h('div', { class: 'button-row' },
          h('button', { type: 'button', class: 'button button-primary', onclick: () => {
            this.#confirmingCode = false;
            this.#send({ type: 'newJoinCode' });
            this.#renderCode();
          } }, 'Ja, nieuwe code'),
          h('button', { type: 'button', class: 'button', onclick: () => {
            this.#confirmingCode = false;
            this.#renderCode();
            el.newCode.focus();
          } }, 'Nee')));
      el.codeBox.querySelector('button')?.focus();
      return;
    }
    fill(el.codeBox, h('p', { class: 'muted' }, 'Kent iemand buiten de zaal de code? Maak een nieuwe.'), el.newCode);
  }

  #askNewCode() {
    this.#confirmingCode = true;
    this.#renderCode();
  }

  /** Today at the chosen HH:MM, in ms since the epoch; null when no time is chosen. */
  #afterMillis() {
    const value = this.#el.after.value;
    if (!/^\d{2}:\d{2}(:\d{2})?$/.test(value)) {
      return null;
    }
    const [hours, minutes, seconds = 0] = value.split(':').map(Number);
    const at = new Date();
    at.setHours(hours, minutes, seconds, 0);
    return at.getTime();
  }

  #find(offset, quiet = false) {
    this.#query = { offset, search: this.#el.search.value.trim(), joinedAfter: this.#afterMillis() };
    const message = { type: 'people', offset, limit: PAGE };
    if (this.#query.search) {
      message.search = this.#query.search;
    }
    if (this.#query.joinedAfter) {
      message.joinedAfter = this.#query.joinedAfter;
    }
    if (!quiet) {
      this.#el.error.textContent = '';
    }
    this.#send(message);
  }

  #renderPage() {
    const page = this.#page;
    const el = this.#el;
    if (!page.people.length) {
      fill(el.list, h('p', { class: 'muted' }, 'Niemand gevonden.'));
    } else {
      const first = page.offset + 1;
      const last = page.offset + page.people.length;
      fill(el.list,
        h('p', { class: 'muted' }, `${first}–${last} van ${page.matched} gevonden (nieuwste eerst)`),
        h('ul', { class: 'room-list' }, page.people.map((person) => {
          const id = 'pick-' + person.participantId;
          const box = h('input', { type: 'checkbox', id, checked: this.#chosen.has(person.participantId),
            onchange: (e) => {
              if (e.target.checked) {
                this.#chosen.add(person.participantId);
              } else {
                this.#chosen.delete(person.participantId);
              }
              this.#updateChosen();
            } });
          return h('li', {}, box, h('label', { for: id }, person.name,
            h('span', { class: 'muted' }, ` · ${this.#rolNaam(person.rol)} · ${timeOf(person.joinedAt)}`)));
        })),
        h('div', { class: 'button-row' },
          h('button', { type: 'button', class: 'button button-small', onclick: () => {
            page.people.forEach((p) => this.#chosen.add(p.participantId));
            this.#renderPage();
          } }, 'Kies iedereen op deze pagina'),
          page.offset > 0 ? h('button', { type: 'button', class: 'button button-small',
            onclick: () => this.#find(Math.max(0, page.offset - PAGE)) }, 'Vorige') : null,
          last < page.matched ? h('button', { type: 'button', class: 'button button-small',
            onclick: () => this.#find(page.offset + PAGE) }, 'Volgende') : null));
    }
    this.#updateChosen();
  }

  #rolNaam(rolId) {
    return (this.#content?.rollen ?? []).find((r) => r.id === rolId)?.naam?.toLowerCase() ?? rolId;
  }

  #updateChosen() {
    const n = this.#chosen.size;
    this.#el.removeChosen.disabled = n === 0;
    this.#el.removeChosen.textContent = n === 0 ? 'Verwijder gekozen' : `Verwijder ${n} gekozen`;
  }

  #removeChosen() {
    this.#send({ type: 'remove', participantIds: [...this.#chosen] });
  }

  #removeAfter() {
    const after = this.#afterMillis();
    if (after) {
      this.#send({ type: 'remove', joinedAfter: after });
    }
  }

  #send(message) {
    this.#el.error.textContent = '';
    this.dispatchEvent(new CustomEvent('send', { detail: { message }, bubbles: false }));
  }

  /** The server's refusal of something sent from here. */
  error(text) {
    this.#el.error.textContent = text;
  }
}

function timeOf(ms) {
  if (!ms) {
    return 'tijd onbekend';
  }
  const at = new Date(ms);
  return `binnen om ${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
}

export function registerRoomControl() {
  customElements.get('br-room-control') ?? customElements.define('br-room-control', RoomControlElement);
}
