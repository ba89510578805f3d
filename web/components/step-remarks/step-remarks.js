/**
 * <br-step-remarks>: the residents' own words on a step of a saved route, each led by its rol (never a
 * name), as text. `show({content, remarks})` for one step; `showSummary({content, perRol})` for the
 * route's count per rol. Renders nothing for a step without remarks.
 */
import { h, fill } from '../../lib/dom.js';

class StepRemarksElement extends HTMLElement {
  show({ content, remarks }) {
    if (!remarks?.length) {
      this.replaceChildren();
      return;
    }
    fill(this, h('section', { class: 'step-remarks' },
      h('h5', {}, `Toelichtingen (${remarks.length})`),
      h('ul', {}, remarks.map((r) => h('li', {},
        h('span', { class: 'remark-rol' }, content.rolNaam(r.rol), ': '), h('q', {}, r.text))))));
  }

  showSummary({ content, perRol }) {
    const total = Object.values(perRol ?? {}).reduce((a, b) => a + b, 0);
    fill(this, h('p', { class: 'remark-summary' }, total === 0
      ? 'Er zijn geen toelichtingen gegeven (of ze zijn verborgen).'
      : `${total} ${total === 1 ? 'toelichting' : 'toelichtingen'}: `
        + content.rollen.map((r) => `${perRol[r.id] ?? 0} van ${content.rolMeervoud(r.id)}`).join(', ') + '.'));
  }
}

export function registerStepRemarks() {
  customElements.get('br-step-remarks') ?? customElements.define('br-step-remarks', StepRemarksElement);
}
