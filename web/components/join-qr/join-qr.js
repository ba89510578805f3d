/**
 * <br-join-qr code="ABC234">: the join link as a big QR code (drawn on the server as SVG), the code in
 * big type (grouped, as everywhere) and the short address to type by hand (`/j`, which asks for the
 * code); the QR's alt text names the full link. Warns when phones cannot reach that address (unless the
 * `no-warning` attribute is set, as on the beamer: the room need not read the facilitator's warning).
 */
import { getJson, getText } from '../../lib/api.js';
import { h, fill } from '../../lib/dom.js';
import { formatJoinCode } from '../../lib/joincode.js';

class JoinQrElement extends HTMLElement {
  #code = '';

  static get observedAttributes() {
    return ['code', 'secret'];
  }

  attributeChangedCallback() {
    this.#load();
  }

  connectedCallback() {
    this.#load();
  }

  async #load() {
    const code = this.getAttribute('code') ?? '';
    const secret = this.getAttribute('secret') ?? '';
    if (!code || code + '#' + secret === this.#code || !this.isConnected) {
      return;
    }
    this.#code = code + '#' + secret;
    const spaced = formatJoinCode(code);
    try {
      // The link's secret travels in a header (never in a URL), and the QR comes back as SVG text shown
      // as a data: image, so the secret stays out of every access log.
      const headers = secret ? { 'x-join-secret': secret } : {};
      const link = await getJson(`/api/join-link/${encodeURIComponent(code)}`, null, headers);
      const svg = await getText(link.qrUrl, null, headers);
      fill(this,
        h('img', { class: 'qr', src: 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg),
          alt: `QR-code om mee te doen. Hij opent ${link.joinUrl.split('#')[0]}` }),
        h('div', { class: 'join-text' },
          h('p', { class: 'join-label' }, 'Doe mee met code'),
          h('p', { class: 'join-code' }, spaced),
          h('p', { class: 'join-url' }, 'Of typ het adres ', h('strong', { class: 'join-type-url' }, link.typeUrl),
            ' en dan de code.'),
          link.reachableFromPhones || this.hasAttribute('no-warning') ? null : h('p', { class: 'notice', role: 'note' },
            'Let op: telefoons kunnen dit adres waarschijnlijk niet bereiken. Open deze pagina via het '
            + 'netwerkadres van deze computer, of start de server met BUURTROUTE_PUBLIC_URL.')));
    } catch (error) {
      fill(this, h('p', { class: 'error' }, error.message),
        h('p', { class: 'join-code' }, spaced));
    }
  }
}

export function registerJoinQr() {
  customElements.get('br-join-qr') ?? customElements.define('br-join-qr', JoinQrElement);
}
