/**
 * <br-colofon>: the colofon from the content (where the beslisbomen come from), for the footer.
 * Usage: <footer class="site-footer"><br-colofon></br-colofon></footer>
 */
import { loadContent } from '../../lib/content.js';
import { h, fill } from '../../lib/dom.js';

const FALLBACK = 'Buurtroute is gebaseerd op de Handleiding beslisbomen van Movisie (2022).';

class ColofonElement extends HTMLElement {
  connectedCallback() {
    loadContent().then((content) => {
      fill(this, h('p', {}, FALLBACK),
        content.colofon ? h('details', { class: 'colofon-more' }, h('summary', {}, 'Colofon: over de teksten'), h('p', {}, content.colofon)) : null);
    }).catch(() => {
      fill(this, h('p', {}, FALLBACK));
    });
  }
}

export function registerColofon() {
  customElements.get('br-colofon') ?? customElements.define('br-colofon', ColofonElement);
}
