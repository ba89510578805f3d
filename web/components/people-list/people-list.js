/**
 * <br-people-list>: who joined, per rol, with who is online; each person can be removed after a
 * confirmation in place (no browser dialog). Fires `remove` ({participantId}). Data in with
 * `show({content, people, participants, canRemove})`.
 */
import { h, fill } from '../../lib/dom.js';

class PeopleListElement extends HTMLElement {
  #confirming = null;
  #last = null;

  show(data) {
    this.#last = data;
    const { content, people, participants, canRemove } = data;
    const focused = this.contains(document.activeElement) ? document.activeElement.dataset.focusKey : null;
    if (!people) {
      fill(this, h('p', {}, `${participants.total} deelnemers. Bij zoveel mensen tonen we geen namen.`));
      return;
    }
    fill(this, content.rollen.map((rol) => {
      const mine = people.filter((p) => p.rol === rol.id);
      return h('section', { class: 'people-rol' },
        h('h3', {}, `${rol.naam} (${mine.length})`),
        mine.length === 0 ? h('p', { class: 'muted' }, 'Nog niemand.') : h('ul', { class: 'people' },
          mine.map((person) => this.#row(person, canRemove))));
    }));
    if (focused) {
      this.querySelector(`[data-focus-key="${CSS.escape(focused)}"]`)?.focus();
    }
  }

  #row(person, canRemove) {
    const status = h('span', { class: 'presence ' + (person.online ? 'is-online' : 'is-offline') },
      person.online ? 'online' : 'offline');
    let actions = null;
    if (canRemove && this.#confirming === person.participantId) {
      actions = h('span', { class: 'confirm' },
        h('span', {}, 'Weghalen?'),
        h('button', { type: 'button', class: 'button button-small button-danger', 'data-focus-key': 'yes-' + person.participantId,
          onclick: () => this.#remove(person.participantId) }, 'Ja, weghalen',
        h('span', { class: 'sr-only' }, ` ${person.name}`)),
        h('button', { type: 'button', class: 'button button-small', 'data-focus-key': 'no-' + person.participantId,
          onclick: () => this.#confirm(null) }, 'Nee'));
    } else if (canRemove) {
      actions = h('button', { type: 'button', class: 'button button-small button-quiet', 'data-focus-key': 'rm-' + person.participantId,
        onclick: () => this.#confirm(person.participantId) }, 'Weghalen', h('span', { class: 'sr-only' }, ` ${person.name}`));
    }
    return h('li', {}, h('span', { class: 'person-name' }, person.name), status, actions);
  }

  #confirm(participantId) {
    this.#confirming = participantId;
    if (this.#last) {
      this.show(this.#last);
      const key = participantId ? 'yes-' + participantId : null;
      if (key) {
        this.querySelector(`[data-focus-key="${CSS.escape(key)}"]`)?.focus();
      }
    }
  }

  #remove(participantId) {
    this.#confirming = null;
    this.dispatchEvent(new CustomEvent('remove', { detail: { participantId }, bubbles: true }));
  }
}

export function registerPeopleList() {
  customElements.get('br-people-list') ?? customElements.define('br-people-list', PeopleListElement);
}
