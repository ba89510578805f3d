/**
 * The server's clock as this browser sees it. Every welcome, state and pong carries `serverTime`; the
 * offset to the local clock is learnt from them, so a countdown to `votingEndsAt` shows the same time left
 * on every screen, also on a phone whose own clock is minutes off. A pong answers our own ping, so its
 * round trip is known and halved; the sample with the shortest round trip wins.
 */
let offset = null;
let bestRoundTrip = Infinity;

/** A frame's serverTime, received now: a rough sample (the frame's way here is unknown, usually short). */
export function observeServerTime(serverTime) {
  if (typeof serverTime !== 'number') {
    return;
  }
  if (offset === null || bestRoundTrip === Infinity) {
    offset = serverTime - Date.now();
  }
}

/** A pong for a ping sent at `sentAt` (local ms): the server read its clock about halfway the round trip. */
export function observePong(serverTime, sentAt) {
  if (typeof serverTime !== 'number' || typeof sentAt !== 'number') {
    return;
  }
  const receivedAt = Date.now();
  const roundTrip = receivedAt - sentAt;
  if (roundTrip <= bestRoundTrip * 1.5 || offset === null) {
    bestRoundTrip = Math.min(bestRoundTrip, roundTrip);
    offset = serverTime + roundTrip / 2 - receivedAt;
  }
}

/** Now on the server's clock, in ms since the epoch. */
export function serverNow() {
  return Date.now() + (offset ?? 0);
}

/** Whole seconds left until `endsAt` (server ms), never below zero; null without a moment. */
export function secondsLeft(endsAt) {
  if (typeof endsAt !== 'number') {
    return null;
  }
  return Math.max(0, Math.ceil((endsAt - serverNow()) / 1000));
}

/** '1:05' */
export function formatSeconds(seconds) {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}
