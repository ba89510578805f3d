/**
 * <br-remark-list>: the console's list of the current vraag's remarks, newest last, each with its rol
 * (never a name) and three actions: on the beamer, off the beamer, hide for good. `show({content, remarks,
 * shownId, enabled})`; events `show-remark`, `withdraw-remark`, `hide-remark` ({remarkId}) go up.
 * Remark text is set as text, never as markup.
 */
import { h, fill } from '../../lib/dom.js';

class RemarkListElement extends HTMLElement {
  show({ content, remarks, shownId, enabled }) {
    if (!remarks.length) {
      fill(this, h('p', { class: 'muted' }, 'Nog geen toelichtingen bij deze vraag.'));
      return;
    }
    fill(this, h('ol', { class: 'remark-items' }, remarks.map((remark) => {
      const shown = remark.remarkId === shownId;
      const hideButton = h('button', { type: 'button', class: 'button button-small button-danger', disabled: !enabled,
        onclick: () => this.#ask(item, remark) }, 'Verbergen');
      const item = h('li', { class: 'remark-item' + (shown ? ' is-shown' : ''), 'data-remark-id': remark.remarkId },
        h('p', { class: 'remark-rol' }, content.rolNaam(remark.rol), shown ? ' · op het scherm' : ''),
        h('p', { class: 'remark-text' }, remark.text),
        h('div', { class: 'button-row' },
          shown
            ? h('button', { type: 'button', class: 'button button-small', disabled: !enabled,
              onclick: () => this.#emit('withdraw-remark', remark.remarkId) }, 'Van het scherm halen')
            : h('button', { type: 'button', class: 'button button-small button-primary', disabled: !enabled,
              onclick: () => this.#emit('show-remark', remark.remarkId) }, 'Op het scherm'),
          hideButton));
      return item;
    })));
  }

  /** Hiding cannot be undone: ask first, in place. */
  #ask(item, remark) {
    const row = item.querySelector('.button-row');
    const before = [...row.childNodes];
    const yes = h('button', { type: 'button', class: 'button button-small button-danger',
      onclick: () => this.#emit('hide-remark', remark.remarkId) }, 'Ja, verbergen');
    fill(row, h('span', { class: 'notice' }, 'Voorgoed weg, ook uit de route?'), yes,
      h('button', { type: 'button', class: 'button button-small', onclick: () => fill(row, before) }, 'Nee'));
    yes.focus();
  }

  #emit(type, remarkId) {
    this.dispatchEvent(new CustomEvent(type, { detail: { remarkId } }));
  }
}

export function registerRemarkList() {
  customElements.get('br-remark-list') ?? customElements.define('br-remark-list', RemarkListElement);
}
