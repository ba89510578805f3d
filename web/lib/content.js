/**
 * The beslisbomen from GET /api/content, fetched once per page, with the lookups the pages need.
 */
import { getJson } from './api.js';

let loading;

export function loadContent() {
  loading ??= getJson('/api/content').then((json) => new Content(json));
  return loading;
}

export class Content {
  #json;
  #vragen = new Map();
  #antwoorden = new Map();
  #faseOfVraag = new Map();

  constructor(json) {
    this.#json = json;
    for (const fase of json.fasen) {
      for (const vraag of fase.vragen) {
        this.#vragen.set(vraag.id, vraag);
        this.#faseOfVraag.set(vraag.id, fase);
        for (const antwoord of vraag.antwoorden) {
          this.#antwoorden.set(antwoord.id, antwoord);
        }
      }
    }
  }

  get colofon() {
    return this.#json.colofon ?? '';
  }

  get rollen() {
    return this.#json.rollen;
  }

  get fasen() {
    return this.#json.fasen;
  }

  get werkzameElementen() {
    return this.#json.werkzameElementen;
  }

  get interventies() {
    return this.#json.interventies;
  }

  rol(id) {
    return this.#json.rollen.find((r) => r.id === id);
  }

  rolNaam(id) {
    return this.rol(id)?.naam ?? id;
  }

  /** "inwoners", "wijkprofessionals", "beleidsambtenaren". */
  rolMeervoud(id) {
    const naam = this.rolNaam(id).toLowerCase();
    if (naam.endsWith('aar')) {
      return naam.slice(0, -3) + 'aren';
    }
    return naam.endsWith('s') ? naam : naam + 's';
  }

  fase(id) {
    return this.#json.fasen.find((f) => f.id === id);
  }

  faseOfVraag(vraagId) {
    return this.#faseOfVraag.get(vraagId);
  }

  vraag(id) {
    return this.#vragen.get(id);
  }

  antwoord(id) {
    return this.#antwoorden.get(id);
  }

  werkzaamElement(nummer) {
    return this.#json.werkzameElementen.find((w) => w.nummer === nummer);
  }

  interventie(id) {
    return this.#json.interventies.find((i) => i.id === id);
  }

  mayGive(antwoord, rolId) {
    return antwoord.rollen.length === 0 || antwoord.rollen.includes(rolId);
  }

  /** "alleen voor beleidsambtenaar", or with several rollen "alleen voor inwoner of wijkprofessional". */
  onlyFor(antwoord) {
    const namen = antwoord.rollen.map((r) => this.rolNaam(r).toLowerCase());
    return 'alleen voor ' + (namen.length > 1 ? namen.slice(0, -1).join(', ') + ' of ' + namen.at(-1) : namen[0]);
  }
}
