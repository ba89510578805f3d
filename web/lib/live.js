/**
 * The live WebSocket to /ws, kept alive on its own: it says hello (join, resume or facilitate) on every
 * (re)connect, pings every 12 s because a half-dead mobile connection is only noticed that way, and
 * reconnects with backoff. Events: `welcome`, `frame` (every other frame), `status` ({online}),
 * `refused` (the hello was refused: {code, message}) and `ended` ({code, message}: removed or replaced).
 */
import { observeServerTime, observePong } from './clock.js';

const PING_EVERY_MS = 12_000;
const PONG_WITHIN_MS = 8_000;
const MAX_BACKOFF_MS = 10_000;
/** Refusals worth retrying later; any other refused hello will not get better by trying again. */
const RETRY_CODES = new Set(['server_busy', 'rate_limited', 'store_unavailable']);

export class LiveLink extends EventTarget {
  #hello;
  #lead;
  #socket = null;
  #welcomed = false;
  #attempt = 0;
  #retryTimer = null;
  #pingTimer = null;
  #pongTimer = null;
  #stopped = false;
  #pingSentAt = null;
  #onWake = () => this.#wake();

  /**
   * @param hello a function that returns the first message, asked anew on each connect
   * @param lead true for the console and the beamer: while a crowd joins, the server lets them in ahead of
   *             the phones (PROTOCOL.md, "A crowd joins in turn")
   */
  constructor(hello, { lead = false } = {}) {
    super();
    this.#hello = hello;
    this.#lead = lead;
  }

  get online() {
    return this.#welcomed;
  }

  start() {
    this.#stopped = false;
    window.addEventListener('online', this.#onWake);
    document.addEventListener('visibilitychange', this.#onWake);
    this.#connect();
  }

  stop() {
    this.#stopped = true;
    window.removeEventListener('online', this.#onWake);
    document.removeEventListener('visibilitychange', this.#onWake);
    clearTimeout(this.#retryTimer);
    this.#drop();
  }

  /** Drops the socket and connects again (with the usual backoff): the next welcome brings the whole state. */
  reconnect() {
    if (!this.#stopped) {
      this.#lost();
    }
  }

  /** Sends when welcomed; returns false when offline, so the caller can keep the message for later. */
  send(message) {
    if (!this.#welcomed || this.#socket?.readyState !== WebSocket.OPEN) {
      return false;
    }
    this.#socket.send(JSON.stringify(message));
    return true;
  }

  #connect() {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    let socket;
    try {
      socket = new WebSocket(`${scheme}//${location.host}/ws${this.#lead ? '?lead=1' : ''}`);
    } catch {
      this.#lost();
      return;
    }
    this.#socket = socket;
    socket.addEventListener('open', () => {
      socket.send(JSON.stringify(this.#hello()));
      // One ping at once: its pong gives the server's clock with a known round trip (countdowns).
      this.#pingSentAt = Date.now();
      socket.send('{"type":"ping"}');
      this.#startHeartbeat();
    });
    socket.addEventListener('message', (event) => this.#receive(socket, event.data));
    socket.addEventListener('close', (event) => {
      if (socket !== this.#socket) {
        return;
      }
      if (event.code === 4000 || event.code === 4001) {
        const message = event.code === 4001
          ? 'Je bent in een ander venster of op een ander apparaat verder gegaan.'
          : 'De begeleider heeft je uit deze sessie gehaald.';
        this.#drop();
        this.#stopped = true;
        this.#emit('status', { online: false, ended: true });
        this.#emit('ended', { code: event.code, message });
        return;
      }
      this.#lost();
    });
  }

  #receive(socket, data) {
    if (socket !== this.#socket) {
      return;
    }
    clearTimeout(this.#pongTimer);
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    if (frame.type === 'pong') {
      observePong(frame.serverTime, this.#pingSentAt);
      return;
    }
    observeServerTime(frame.serverTime);
    if (!this.#welcomed) {
      if (frame.type === 'welcome') {
        this.#welcomed = true;
        this.#attempt = 0;
        this.#emit('status', { online: true });
        this.#emit('welcome', frame);
        return;
      }
      if (frame.type === 'error') {
        if (RETRY_CODES.has(frame.code)) {
          this.#lost();
        } else {
          this.stop();
          this.#emit('refused', frame);
        }
        return;
      }
    }
    if (frame.type === 'removed') {
      this.#emit('removed', frame);
      return;
    }
    this.#emit('frame', frame);
  }

  #startHeartbeat() {
    clearInterval(this.#pingTimer);
    this.#pingTimer = setInterval(() => {
      if (this.#socket?.readyState !== WebSocket.OPEN) {
        return;
      }
      this.#pingSentAt = Date.now();
      this.#socket.send('{"type":"ping"}');
      clearTimeout(this.#pongTimer);
      this.#pongTimer = setTimeout(() => this.#lost(), PONG_WITHIN_MS);
    }, PING_EVERY_MS);
  }

  /** Forgets the current socket without waiting for its close, which can take minutes on a dead line. */
  #drop() {
    clearInterval(this.#pingTimer);
    clearTimeout(this.#pongTimer);
    const socket = this.#socket;
    this.#socket = null;
    this.#welcomed = false;
    if (socket && socket.readyState <= WebSocket.OPEN) {
      socket.close();
    }
  }

  #lost() {
    const wasOnline = this.#welcomed;
    this.#drop();
    if (this.#stopped) {
      return;
    }
    this.#emit('status', { online: false, wasOnline });
    if (this.#retryTimer === null) {
      const base = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.#attempt);
      this.#attempt += 1;
      this.#retryTimer = setTimeout(() => this.#connect(), base * (0.75 + Math.random() / 2));
    }
  }

  #wake() {
    if (this.#stopped || document.visibilityState === 'hidden') {
      return;
    }
    if (this.#socket === null && this.#retryTimer !== null) {
      this.#attempt = 0;
      this.#connect();
    }
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
