/**
 * The beslisbomen from GET /api/content, fetched once per page, with the lookups the pages need.
 */
import { getJson } from './api.js';
import { Begrippen } from './begrippen.js';

const loading = new Map();

/**
 * The current content, or with `version` (a route's contentVersion) the content a session ran with;
 * each fetched once per page.
 */
export function loadContent(version = '') {
  const url = version ? `/api/content?version=${encodeURIComponent(version)}` : '/api/content';
  if (!loading.has(url)) {
    const promise = getJson(url).then((json) => new Content(json));
    promise.catch(() => loading.delete(url));
    loading.set(url, promise);
  }
  return loading.get(url);
}

/** Minutes to read a fase's inleiding or afsluiting aloud: about 100 words a minute, rounded up. */
const WORDS_PER_MINUTE = 100;
/** Minutes added to each inleiding for the room to settle and ask what it means. */
const INLEIDING_EXTRA = 1;

export class Content {
  #json;
  #vragen = new Map();
  #antwoorden = new Map();
  #faseOfVraag = new Map();
  #begrippen;

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

  get version() {
    return this.#json.contentVersion ?? '';
  }

  /** The words a resident may not know, as a finder/marker (lib/begrippen.js). */
  get begrippen() {
    this.#begrippen ??= new Begrippen(this.#json.begrippen ?? []);
    return this.#begrippen;
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

  /** The fase before this one, or undefined for the first. */
  previousFase(id) {
    const index = this.#json.fasen.findIndex((f) => f.id === id);
    return index > 0 ? this.#json.fasen[index - 1] : undefined;
  }

  /**
   * How long an evening takes, in minutes, from the content alone: per fase the sum of the vragen's
   * `minuten` along its shortest and its longest path (every path meets 3 vragen), plus reading its
   * inleiding and afsluiting aloud (about 100 words a minute, rounded up, one extra minute for the
   * inleiding). Answers {min, max, fasen: [{fase, min, max, talk}]}.
   */
  eveningLength() {
    const fasen = this.#json.fasen.map((fase) => {
      const [min, max] = this.#pathMinutes(fase.eersteVraag, new Set());
      const talk = readingMinutes(fase.inleiding) + INLEIDING_EXTRA + readingMinutes(fase.afsluiting);
      return { fase, min: min + talk, max: max + talk, talk };
    });
    return {
      min: fasen.reduce((sum, f) => sum + f.min, 0),
      max: fasen.reduce((sum, f) => sum + f.max, 0),
      fasen,
    };
  }

  #pathMinutes(vraagId, seen) {
    const vraag = this.#vragen.get(vraagId);
    if (!vraag || seen.has(vraagId)) {
      return [0, 0];
    }
    const here = vraag.minuten ?? 0;
    const next = [...new Set(vraag.antwoorden.map((a) => a.volgende).filter(Boolean))];
    if (next.length === 0) {
      return [here, here];
    }
    const inner = new Set(seen).add(vraagId);
    const ranges = next.map((id) => this.#pathMinutes(id, inner));
    const ends = vraag.antwoorden.some((a) => !a.volgende);
    return [here + Math.min(...ranges.map((r) => r[0]), ...(ends ? [0] : [])), here + Math.max(...ranges.map((r) => r[1]))];
  }

  /** "alleen voor beleidsambtenaar", or with several rollen "alleen voor inwoner of wijkprofessional". */
  onlyFor(antwoord) {
    const namen = antwoord.rollen.map((r) => this.rolNaam(r).toLowerCase());
    return 'alleen voor ' + (namen.length > 1 ? namen.slice(0, -1).join(', ') + ' of ' + namen.at(-1) : namen[0]);
  }
}

function readingMinutes(text) {
  const words = (text ?? '').split(/\s+/).filter(Boolean).length;
  return words === 0 ? 0 : Math.ceil(words / WORDS_PER_MINUTE);
}

/** "1 uur 45 min", "50 min". */
export function formatMinutes(minutes) {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return hours === 0 ? `${rest} min` : `${hours} uur${rest ? ` ${rest} min` : ''}`;
}
