/**
 * How a join code is shown on every screen (console, beamer, join page, phone): in groups, so it reads
 * aloud and types without mistakes ('3N3 JB4'). Grouping is by length, not fixed at 6, because codes may
 * grow: groups of three when the length allows it, else of four, else threes with a shorter last group.
 * Typing ignores the spaces (the server and the join page strip spaces and dashes).
 */
export function formatJoinCode(code) {
  const plain = String(code ?? '').replace(/[\s-]/g, '').toUpperCase();
  const size = plain.length % 3 === 0 || plain.length % 4 !== 0 ? 3 : 4;
  const groups = [];
  for (let i = 0; i < plain.length; i += size) {
    groups.push(plain.slice(i, i + size));
  }
  return groups.join(' ');
}
