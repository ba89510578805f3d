/**
 * <br-vote-bars>: one bar per antwoord, split by rol, with the numbers in words for screen readers and
 * print. Built once per vraag and then only updated, so focus on its buttons survives live tallies.
 * Data goes in with `show({content, vraagId, counts, chosen, hideCounts, decide})`; with `decide` set
 * every antwoord gets a 'Kies dit antwoord' button that fires a `decide` event ({antwoordId}); `text`
 * turns an antwoord's text into nodes (the beamer marks begrippen in it).
 */
import { h, fill } from '../../lib/dom.js';

const LETTERS = 'ABCDEFGHIJ';

class VoteBarsElement extends HTMLElement {
  #vraagId = null;
  #rows = new Map();
  #decideEnabled = false;

  show({ content, vraagId, counts, chosen = null, hideCounts = false, decide = false, decideEnabled = false, text = (t) => t }) {
    const vraag = content.vraag(vraagId);
    if (!vraag) {
      fill(this);
      this.#vraagId = null;
      return;
    }
    if (vraagId !== this.#vraagId || decide !== this.#hasDecide()) {
      this.#build(content, vraag, decide, text);
    }
    this.#decideEnabled = decideEnabled;
    const total = Object.values(counts ?? {}).reduce((sum, perRol) => sum + sumOf(perRol), 0);
    for (const antwoord of vraag.antwoorden) {
      const row = this.#rows.get(antwoord.id);
      const perRol = counts?.[antwoord.id] ?? {};
      const n = sumOf(perRol);
      row.item.classList.toggle('is-chosen', antwoord.id === chosen);
      row.chosenMark.hidden = antwoord.id !== chosen;
      row.track.hidden = hideCounts;
      row.numbers.hidden = hideCounts;
      content.rollen.forEach((rol, i) => {
        const share = total === 0 ? 0 : ((perRol[rol.id] ?? 0) / total) * 100;
        row.segments[i].style.width = share + '%';
      });
      const parts = content.rollen.filter((r) => (perRol[r.id] ?? 0) > 0)
        .map((r) => `${content.rolNaam(r.id).toLowerCase()} ${perRol[r.id]}`);
      row.numbers.textContent = `${n} ${n === 1 ? 'stem' : 'stemmen'}` + (parts.length ? ` (${parts.join(', ')})` : '');
      if (row.button) {
        row.button.disabled = !decideEnabled;
        row.button.hidden = !decideEnabled || antwoord.id === chosen;
      }
    }
  }

  #hasDecide() {
    return [...this.#rows.values()].some((row) => row.button);
  }

  #build(content, vraag, decide, text) {
    this.#vraagId = vraag.id;
    this.#rows.clear();
    const legend = h('ul', { class: 'vote-legend', 'aria-label': 'Kleuren per rol' },
      content.rollen.map((rol, i) => h('li', {}, h('span', { class: `swatch rol-${i + 1}`, 'aria-hidden': 'true' }), rol.naam)));
    const list = h('ol', { class: 'vote-bars' });
    vraag.antwoorden.forEach((antwoord, index) => {
      const segments = content.rollen.map((rol, i) => h('span', { class: `segment rol-${i + 1}` }));
      const track = h('div', { class: 'vote-track', 'aria-hidden': 'true' }, segments);
      const numbers = h('p', { class: 'vote-numbers' });
      const chosenMark = h('strong', { class: 'chosen-mark', hidden: true }, 'Gekozen');
      const button = decide
        ? h('button', { type: 'button', class: 'button button-small', 'aria-label': `Kies dit antwoord: ${LETTERS[index]}`,
          onclick: () => this.#decide(antwoord.id) }, 'Kies dit antwoord')
        : null;
      const restricted = antwoord.rollen.length
        ? h('span', { class: 'only-for' }, content.onlyFor(antwoord)) : null;
      const item = h('li', { class: 'vote-row' },
        h('div', { class: 'vote-label' },
          h('span', { class: 'letter', 'aria-hidden': 'true' }, LETTERS[index]),
          h('span', { class: 'vote-text' }, text(antwoord.tekst), restricted ? ' ' : '', restricted),
          chosenMark),
        track, numbers, button);
      this.#rows.set(antwoord.id, { item, track, numbers, segments, button, chosenMark });
      list.append(item);
    });
    fill(this, legend, list);
  }

  #decide(antwoordId) {
    if (this.#decideEnabled) {
      this.dispatchEvent(new CustomEvent('decide', { detail: { antwoordId }, bubbles: true }));
    }
  }
}

function sumOf(perRol) {
  return Object.values(perRol ?? {}).reduce((a, b) => a + b, 0);
}

export function registerVoteBars() {
  customElements.get('br-vote-bars') ?? customElements.define('br-vote-bars', VoteBarsElement);
}
