/**
 * <br-route-trail>: the route so far as a trail through the four fasen: per fase the vragen answered,
 * with the group's antwoord, and where the group is now. Data in with `show({content, route, vraagId})`.
 */
import { h, fill } from '../../lib/dom.js';

class RouteTrailElement extends HTMLElement {
  show({ content, route, vraagId }) {
    const currentFase = vraagId ? content.faseOfVraag(vraagId)?.id : null;
    fill(this, h('ol', { class: 'trail' }, content.fasen.map((fase) => {
      const steps = route.filter((step) => step.fase === fase.id);
      const here = fase.id === currentFase;
      const done = steps.length > 0 && !here;
      return h('li', { class: 'trail-fase' + (here ? ' is-here' : '') + (done ? ' is-done' : '') },
        h('h3', {}, fase.naam, here ? h('span', { class: 'sr-only' }, ' (hier zijn we nu)') : null),
        h('ol', { class: 'trail-steps' },
          steps.map((step) => h('li', {},
            h('span', { class: 'trail-vraag' }, content.vraag(step.vraagId)?.tekst ?? step.vraagId),
            h('span', { class: 'trail-antwoord' }, '→ ', content.antwoord(step.antwoordId)?.tekst ?? step.antwoordId))),
          here ? h('li', { class: 'trail-now' },
            h('span', { class: 'trail-vraag' }, content.vraag(vraagId)?.tekst ?? ''),
            h('span', { class: 'trail-antwoord' }, 'nu aan de beurt')) : null));
    })));
  }
}

export function registerRouteTrail() {
  customElements.get('br-route-trail') ?? customElements.define('br-route-trail', RouteTrailElement);
}
