/**
 * What the beamer shows for a state, derived from the state alone so the console can say it and the
 * beamer can show it without any extra message:
 * - 'inleiding': the first vraag of a fase in stage question, with no step of that fase in the route
 *   yet. From the second fase on this is the 'overgang' (the afsluiting of the fase just done beside the
 *   inleiding of the new one). The vraag itself comes on the wall when the facilitator opens the vote.
 * - 'afsluiting': after the last step of the last fase (running, no vraag): its afsluiting.
 * - otherwise the session's own stage: lobby, question, voting, result (or tie), finished.
 */
export function wallStage(state, content) {
  if (!state || state.status === 'lobby') {
    return { stage: 'lobby' };
  }
  if (state.status === 'finished') {
    return { stage: 'finished' };
  }
  if (!state.vraagId) {
    const last = state.route.at(-1);
    return { stage: 'afsluiting', fase: last ? content.fase(last.fase) : content.fasen.at(-1) };
  }
  const fase = content.fase(state.fase);
  const started = state.route.some((step) => step.fase === state.fase);
  if (state.stage === 'question' && !started) {
    const done = state.route.length ? content.fase(state.route.at(-1).fase) : undefined;
    return { stage: done ? 'overgang' : 'inleiding', fase, done };
  }
  if (state.stage === 'result') {
    return { stage: state.result ? 'result' : 'tie', fase };
  }
  return { stage: state.stage, fase };
}

/** One line for the console: what the room sees on the wall now. */
export function wallLine(wall, state) {
  const naam = (fase) => (fase?.naam ?? '').toLowerCase();
  switch (wall.stage) {
    case 'inleiding':
      return `Op de beamer: de inleiding van de ${naam(wall.fase)}. De vraag komt erop als je de stemming opent.`;
    case 'overgang':
      return `Op de beamer: de afsluiting van de ${naam(wall.done)} en de inleiding van de ${naam(wall.fase)}. De vraag komt erop als je de stemming opent.`;
    case 'afsluiting':
      return `Op de beamer: de afsluiting van de ${naam(wall.fase)}.`;
    case 'question':
      return 'Op de beamer: de vraag en de antwoorden.';
    case 'voting':
      return state.tallyShown ? 'Op de beamer: de vraag en de tussenstand.' : 'Op de beamer: de vraag en de antwoorden, zonder tussenstand.';
    case 'result':
      return 'Op de beamer: de uitslag met de reflectie.';
    case 'tie':
      return 'Op de beamer: het staat gelijk, de begeleider kiest.';
    default:
      return '';
  }
}
