/**
 * What this browser remembers, in localStorage: the sessions it facilitated (with their tokens, so the
 * console and the route can be opened again) and, per session, a phone's resume token.
 */
const SESSIONS = 'buurtroute.sessions';
const PHONE = 'buurtroute.phone.';

function read(key, fallback) {
  try {
    const value = localStorage.getItem(key);
    return value === null ? fallback : JSON.parse(value);
  } catch {
    return fallback;
  }
}

function write(key, value) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Private mode or a full store: the page still works, it only forgets on reload.
  }
}

export function facilitatedSessions() {
  const list = read(SESSIONS, []);
  return Array.isArray(list) ? list : [];
}

export function facilitatedSession(sessionId) {
  return facilitatedSessions().find((s) => s.sessionId === sessionId);
}

export function rememberSession(session) {
  const others = facilitatedSessions().filter((s) => s.sessionId !== session.sessionId);
  const old = facilitatedSession(session.sessionId) ?? {};
  write(SESSIONS, [{ ...old, ...session }, ...others].slice(0, 50));
}

export function forgetSession(sessionId) {
  write(SESSIONS, facilitatedSessions().filter((s) => s.sessionId !== sessionId));
}

/** A phone's place in the session of this join code: {resumeToken, sessionId, name, rol}. */
export function phoneSeat(joinCode) {
  return read(PHONE + joinCode.toUpperCase(), null);
}

export function rememberPhoneSeat(joinCode, seat) {
  write(PHONE + joinCode.toUpperCase(), seat);
}

export function forgetPhoneSeat(joinCode) {
  try {
    localStorage.removeItem(PHONE + joinCode.toUpperCase());
  } catch {
    // nothing to forget
  }
}

/**
 * The organisation's admin token, for this browser tab only (sessionStorage): it opens every route, so it
 * never goes into localStorage or a URL. /beheer asks for it once; the review and compare pages opened from
 * there in the same tab use it when their link holds no token of its own.
 */
const ADMIN = 'buurtroute.admin';

export function adminToken() {
  try {
    return sessionStorage.getItem(ADMIN) ?? '';
  } catch {
    return '';
  }
}

export function rememberAdminToken(token) {
  try {
    sessionStorage.setItem(ADMIN, token);
  } catch {
    // Storage blocked: the page still works until it is reloaded.
  }
}

export function forgetAdminToken() {
  try {
    sessionStorage.removeItem(ADMIN);
  } catch {
    // nothing to forget
  }
}

const CLOCK = 'buurtroute.clock.';

/**
 * When the current vraag became current, as this browser saw it: kept per session under the vraag and
 * the route's length (so `back` to a vraag, or the same vraag on another pass, starts afresh), so a
 * reload of the console keeps counting instead of starting at 0.
 */
export function vraagSince(sessionId, key, now = Date.now()) {
  const saved = read(CLOCK + sessionId, null);
  if (saved && saved.key === key && Number.isFinite(saved.since) && saved.since <= now) {
    return saved.since;
  }
  write(CLOCK + sessionId, { key, since: now });
  return now;
}
