/**
 * What the facilitator's pages share: finding the session id and token (URL fragment first, then
 * localStorage), the commands the contract allows in a state, and the 'gestemd: 7 van 9' line.
 */
import { fragmentParams, lastPathSegment } from './dom.js';
import { facilitatedSession, rememberSession } from './storage.js';

export function facilitatorAccess() {
  const sessionId = lastPathSegment();
  const fromLink = fragmentParams().get('token');
  const saved = facilitatedSession(sessionId);
  return { sessionId, token: fromLink || saved?.facilitatorToken || '', saved };
}

/** Keeps this session in the browser's list, so the start page can link back to it. */
export function rememberFromState(access, state) {
  rememberSession({
    sessionId: state.sessionId, title: state.title, neighbourhood: state.neighbourhood ?? null,
    joinCode: state.joinCode, facilitatorToken: access.token,
    createdAt: access.saved?.createdAt ?? new Date().toISOString(),
  });
}

/** Which commands the contract accepts now (PROTOCOL.md, the state machine table). */
export function allowedCommands(state) {
  const none = { next: false, openVoting: false, closeVoting: false, decide: false, back: false, finish: false };
  if (!state || state.status === 'finished') {
    return none;
  }
  if (state.status === 'lobby') {
    return { ...none, next: true, finish: true };
  }
  const hasRoute = state.route.length > 0;
  if (!state.vraagId) {
    return { ...none, back: hasRoute, finish: true };
  }
  switch (state.stage) {
    case 'question':
      return { ...none, openVoting: true, decide: true, back: hasRoute, finish: true };
    case 'voting':
      return { ...none, closeVoting: true, finish: true };
    case 'result':
      return { next: !!state.result, openVoting: true, closeVoting: false, decide: true, back: true, finish: true };
    default:
      return none;
  }
}

/** 'gestemd: 7 van 9 (inwoners 4/5, wijkprofessionals 2/2, beleidsambtenaren 1/2)'. */
/** The counts a facilitator screen shows: the live tally while voting, the closed vote's counts after. */
export function votesToShow(state, tally) {
  if (state.stage === 'voting' && tally) {
    return { counts: tally.counts, voters: tally.voters };
  }
  if (state.stage === 'result' && state.votes) {
    return { counts: state.votes.counts, voters: state.votes.voters };
  }
  return { counts: {}, voters: 0 };
}

export function votedLine(content, voters, presence, participants) {
  const total = participants?.total ?? 0;
  const perRol = content.rollen
    .filter((rol) => (presence?.[rol.id]?.total ?? participants?.perRol?.[rol.id] ?? 0) > 0)
    .map((rol) => {
      const p = presence?.[rol.id];
      return `${content.rolMeervoud(rol.id)} ${p?.voted ?? 0}/${p?.total ?? participants?.perRol?.[rol.id] ?? 0}`;
    });
  return `gestemd: ${voters} van ${total}` + (perRol.length ? ` (${perRol.join(', ')})` : '');
}
