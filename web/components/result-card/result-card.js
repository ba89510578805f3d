/**
 * <br-result>: the group's antwoord after closing, with its reflectie, and the werkzame elementen (◆)
 * and interventies (♠) it points to, each opening for its explanation (native <details>, so keyboard
 * and screen readers work without extra code). Data in with `show({content, result, headingLevel, text})`;
 * `text` turns the antwoord and reflectie into nodes (the phone explains begrippen in them).
 */
import { h, fill } from '../../lib/dom.js';

class ResultCardElement extends HTMLElement {
  #key = '';

  show({ content, result, heading = 'De groep koos', headingLevel = 2, text = (t) => t }) {
    const key = result ? `${result.antwoordId}/${result.decidedBy}` : '';
    if (key === this.#key) {
      return;
    }
    this.#key = key;
    if (!result) {
      fill(this);
      return;
    }
    const antwoord = content.antwoord(result.antwoordId);
    if (!antwoord) {
      fill(this);
      return;
    }
    const hx = (level) => 'h' + Math.min(6, level);
    const werkzaam = antwoord.werkzameElementen.map((n) => content.werkzaamElement(n)).filter(Boolean);
    const interventies = (antwoord.interventies ?? []).map((id) => content.interventie(id)).filter(Boolean);
    fill(this,
      h(hx(headingLevel), { class: 'result-heading' }, heading),
      h('p', { class: 'result-antwoord' }, text(antwoord.tekst)),
      h('p', { class: 'result-by muted' },
        result.decidedBy === 'facilitator' ? 'Gekozen door de begeleider.' : 'Gekozen door de meeste stemmen.'),
      h(hx(headingLevel + 1), {}, 'Om over na te denken'),
      h('p', { class: 'result-reflectie' }, text(antwoord.reflectie)),
      werkzaam.length ? h('section', { class: 'result-list' },
        h(hx(headingLevel + 1), {}, h('span', { class: 'mark-diamond', 'aria-hidden': 'true' }, '◆ '), 'Werkzame elementen'),
        werkzaam.map((w) => h('details', { class: 'result-item werkzaam' },
          h('summary', {}, h('span', { class: 'mark-diamond', 'aria-hidden': 'true' }, '◆'), ` ${w.nummer}. ${w.naam}`),
          h('p', {}, w.uitleg)))) : null,
      interventies.length ? h('section', { class: 'result-list' },
        h(hx(headingLevel + 1), {}, h('span', { class: 'mark-spade', 'aria-hidden': 'true' }, '♠ '), 'Interventies'),
        interventies.map((i) => h('details', { class: 'result-item interventie' },
          h('summary', {}, h('span', { class: 'mark-spade', 'aria-hidden': 'true' }, '♠'), ` ${i.naam}`),
          h('p', {}, i.samenvatting)))) : null);
  }
}

export function registerResultCard() {
  customElements.get('br-result') ?? customElements.define('br-result', ResultCardElement);
}
