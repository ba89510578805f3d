/**
 * <br-conn-banner>: says 'verbinding weg, we proberen het opnieuw' while the live link is down, and
 * nothing when it is up. Put it in the page as a live region: <br-conn-banner class="conn-banner"
 * role="status"></br-conn-banner>, then set `.link = liveLink`.
 */
class ConnBannerElement extends HTMLElement {
  #link = null;
  #onStatus = (event) => this.#show(event.detail);

  set link(link) {
    this.#link?.removeEventListener('status', this.#onStatus);
    this.#link = link;
    link.addEventListener('status', this.#onStatus);
  }

  #show({ online, ended }) {
    this.textContent = online || ended ? '' : 'Verbinding weg, we proberen het opnieuw…';
  }
}

export function registerConnBanner() {
  customElements.get('br-conn-banner') ?? customElements.define('br-conn-banner', ConnBannerElement);
}
