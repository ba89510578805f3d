/**
 * Finds the content's begrippen (words a resident may not know) in a text and builds the text as DOM
 * nodes with each found word wrapped by a caller-made element: an explaining button on a phone, a
 * styled span on the beamer. Whole words only, case-insensitive, the first occurrence of each term per
 * text; longer terms win where two overlap ("werkzame elementen" before "elementen"). Nothing is parsed
 * as markup: the text goes in as text nodes.
 */
const LETTER = '[\\p{L}\\p{N}]';

export class Begrippen {
  #list;

  /** @param list [{term, uitleg}] from /api/content */
  constructor(list = []) {
    this.#list = [...list]
      .filter((b) => b?.term)
      .sort((a, b) => b.term.length - a.term.length)
      .map((b) => ({ ...b, pattern: new RegExp(`(?<!${LETTER})${escape(b.term)}(?!${LETTER})`, 'iu') }));
  }

  /** The begrippen found in a text, in the order they appear: [{start, end, word, begrip}]. */
  find(text) {
    const found = [];
    for (const b of this.#list) {
      const m = b.pattern.exec(text ?? '');
      if (!m) {
        continue;
      }
      const start = m.index;
      const end = start + m[0].length;
      if (found.some((f) => start < f.end && f.start < end)) {
        continue;
      }
      found.push({ start, end, word: m[0], begrip: { term: b.term, uitleg: b.uitleg } });
    }
    return found.sort((a, b) => a.start - b.start);
  }

  /** The begrippen that appear in any of the texts, each once, in order of appearance. */
  in(...texts) {
    const seen = new Map();
    for (const text of texts.flat()) {
      for (const f of this.find(text)) {
        if (!seen.has(f.begrip.term.toLowerCase())) {
          seen.set(f.begrip.term.toLowerCase(), f.begrip);
        }
      }
    }
    return [...seen.values()];
  }

  /**
   * The text as nodes: plain parts as text nodes, each found word as `wrap(word, begrip)` (an element).
   * Without begrippen in it, a single text node.
   */
  nodes(text, wrap) {
    const out = [];
    let at = 0;
    for (const f of this.find(text)) {
      if (f.start > at) {
        out.push(document.createTextNode(text.slice(at, f.start)));
      }
      out.push(wrap(f.word, f.begrip));
      at = f.end;
    }
    if (at < (text ?? '').length || out.length === 0) {
      out.push(document.createTextNode((text ?? '').slice(at)));
    }
    return out;
  }
}

function escape(term) {
  return term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
}
