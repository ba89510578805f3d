/**
 * The facilitator's guidance from the content, on the console, in three small parts:
 * - <br-guidance>: in the lobby how long the evening takes; when a fase begins its inleiding (after the
 *   afsluiting of the fase before), at the end the last afsluiting; always what the wall shows now.
 * - <br-vraag-clock>: a quiet clock for the current vraag beside its suggested minuten.
 * - <br-gespreksvragen>: the vraag's gespreksvragen, to deepen the talk after the result.
 * Each takes `show({content, state})`; none sends anything.
 */
import { h, fill } from '../../lib/dom.js';
import { formatMinutes } from '../../lib/content.js';
import { vraagSince } from '../../lib/storage.js';
import { wallLine, wallStage } from '../../lib/wall.js';

class GuidanceElement extends HTMLElement {
  #key = '';

  show({ content, state }) {
    const wall = wallStage(state, content);
    const key = [wall.stage, wall.fase?.id, wall.done?.id, state.tallyShown].join('|');
    if (key === this.#key) {
      return;
    }
    this.#key = key;
    const line = h('p', { class: 'wall-line' }, wallLine(wall, state));
    if (wall.stage === 'lobby') {
      fill(this, this.#length(content));
    } else if (wall.stage === 'inleiding' || wall.stage === 'overgang') {
      fill(this, h('section', { class: 'card guidance', 'aria-labelledby': 'guidance-h' },
        h('h2', { id: 'guidance-h' }, `De ${wall.fase.naam.toLowerCase()} begint`),
        line,
        wall.done ? [
          h('h3', {}, `1. Sluit de ${wall.done.naam.toLowerCase()} af`),
          h('p', { class: 'read-aloud' }, wall.done.afsluiting),
          h('h3', {}, `2. Lees de inleiding voor: ${wall.fase.naam} · ${wall.fase.motto}`),
        ] : h('h3', {}, `Lees de inleiding voor: ${wall.fase.naam} · ${wall.fase.motto}`),
        h('p', { class: 'read-aloud' }, wall.fase.inleiding),
        h('p', { class: 'muted' }, 'Vraag of iedereen het begrijpt. Lees daarna de eerste vraag voor en open de stemming.')));
    } else if (wall.stage === 'afsluiting') {
      fill(this, h('section', { class: 'card guidance', 'aria-labelledby': 'guidance-h' },
        h('h2', { id: 'guidance-h' }, `Sluit de ${wall.fase.naam.toLowerCase()} af`),
        line,
        h('p', { class: 'read-aloud' }, wall.fase.afsluiting)));
    } else if (wall.stage === 'finished') {
      fill(this);
    } else {
      fill(this, line);
    }
  }

  /** The evening's expected length, with how it is computed. */
  #length(content) {
    const length = content.eveningLength();
    // To whole five minutes, outward: the minuten are suggestions, the sum should not look precise.
    const min = Math.floor(length.min / 5) * 5;
    const max = Math.max(min + 5, Math.ceil(length.max / 5) * 5);
    const range = `${formatMinutes(min)} tot ${formatMinutes(max)}`;
    return h('section', { class: 'card guidance evening-length', 'aria-labelledby': 'length-h' },
      h('h2', { id: 'length-h' }, 'Hoe lang duurt de avond?'),
      h('p', { class: 'length-total' }, `Ongeveer ${range}, zonder pauze.`),
      h('details', {},
        h('summary', {}, 'Hoe we dat uitrekenen'),
        h('p', {}, 'Elke fase heeft 3 vragen. Per vraag geeft de inhoud een richttijd. De kortste en de langste weg door de vier fasen geven samen de marge, afgerond op vijf minuten. Daarbij komt per fase de tijd om de inleiding en de afsluiting voor te lezen, met een minuut voor vragen.'),
        h('ul', { class: 'plain-list' }, length.fasen.map((f) => h('li', {},
          `${f.fase.naam}: ${f.min === f.max ? formatMinutes(f.min) : `${f.min} tot ${formatMinutes(f.max)}`} (waarvan ${f.talk} min inleiding en afsluiting)`)))));
  }
}

class VraagClockElement extends HTMLElement {
  #timer = null;
  #since = 0;
  #minuten = 0;
  #key = '';
  #time = h('span', { class: 'clock-time', role: 'timer' });
  #note = h('span', { class: 'clock-note' });

  show({ content, state }) {
    if (state.status !== 'running' || !state.vraagId) {
      this.#stop();
      this.hidden = true;
      return;
    }
    this.hidden = false;
    const key = `${state.route.length}|${state.vraagId}`;
    if (key !== this.#key) {
      this.#key = key;
      this.#since = vraagSince(state.sessionId, key);
      this.#minuten = content.vraag(state.vraagId)?.minuten ?? 0;
      fill(this, 'Tijd bij deze vraag: ', this.#time,
        this.#minuten ? ` · richttijd ${this.#minuten} min` : '', this.#note);
    }
    this.#tick();
    this.#timer ??= setInterval(() => this.#tick(), 1000);
  }

  disconnectedCallback() {
    this.#stop();
  }

  #stop() {
    clearInterval(this.#timer);
    this.#timer = null;
  }

  #tick() {
    const seconds = Math.max(0, Math.floor((Date.now() - this.#since) / 1000));
    const text = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
    if (this.#time.textContent !== text) {
      this.#time.textContent = text;
    }
    const over = this.#minuten ? Math.floor(seconds / 60) - this.#minuten : -1;
    const note = over > 0 ? ` · ${over} min over de richttijd` : '';
    if (this.#note.textContent !== note) {
      this.#note.textContent = note;
    }
    this.classList.toggle('is-over', over > 0);
  }
}

class GespreksvragenElement extends HTMLElement {
  #key = '';

  show({ content, state }) {
    const vraag = state.status === 'running' && state.vraagId ? content.vraag(state.vraagId) : null;
    const key = vraag ? `${vraag.id}|${state.stage === 'result'}` : '';
    if (key === this.#key) {
      return;
    }
    this.#key = key;
    if (!vraag?.gespreksvragen?.length) {
      fill(this);
      return;
    }
    fill(this, h('section', { class: 'gespreksvragen', 'aria-labelledby': 'gv-h' },
      h('h3', { id: 'gv-h' }, state.stage === 'result' ? 'Praat door met deze vragen' : 'Gespreksvragen voor na de uitslag'),
      h('ul', {}, vraag.gespreksvragen.map((text) => h('li', {}, text)))));
  }
}

export function registerGuidance() {
  customElements.get('br-guidance') ?? customElements.define('br-guidance', GuidanceElement);
  customElements.get('br-vraag-clock') ?? customElements.define('br-vraag-clock', VraagClockElement);
  customElements.get('br-gespreksvragen') ?? customElements.define('br-gespreksvragen', GespreksvragenElement);
}
