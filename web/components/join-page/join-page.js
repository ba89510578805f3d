/**
 * <br-join-page>: joining a session from a phone (/j or /j/CODE) and, once welcomed, the participant
 * view. The phone keeps its resume token per join code in localStorage, so a refresh or a locked screen
 * lands back in the same session with the same vote.
 */
import { loadContent } from '../../lib/content.js';
import { h, fill } from '../../lib/dom.js';
import { formatJoinCode } from '../../lib/joincode.js';
import { LiveLink } from '../../lib/live.js';
import { forgetPhoneSeat, phoneSeat, rememberPhoneSeat } from '../../lib/storage.js';

// 8 characters since issue 13; sessions created before keep their 6 while they run.
const CODE_PATTERN = /^(?:[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}|[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8})$/;
const SECRET_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;

function normalizeCode(text) {
  return String(text ?? '').toUpperCase().replace(/[\s-]/g, '');
}

class JoinPageElement extends HTMLElement {
  #content;
  #code = '';
  #seat = null;
  #link = null;
  #view = null;
  #form = null;
  #fields = {};
  #secret = null;
  #busyTimer = null;

  async connectedCallback() {
    if (this.#content) {
      return;
    }
    const parts = location.pathname.split('/').filter(Boolean);
    this.#code = normalizeCode(parts[1] ? decodeURIComponent(parts[1]) : '');
    // The link's (or QR code's) secret, /j/CODE#SECRET: it lets this phone in whatever else its Wi-Fi sends.
    const secret = location.hash.replace(/^#/, '');
    this.#secret = SECRET_PATTERN.test(secret) ? { code: this.#code, secret } : null;
    fill(this, h('p', { class: 'muted' }, 'Even laden…'));
    try {
      this.#content = await loadContent();
    } catch (error) {
      fill(this, h('p', { class: 'error', role: 'alert' }, error.message));
      return;
    }
    this.#seat = CODE_PATTERN.test(this.#code) ? phoneSeat(this.#code) : null;
    if (this.#seat?.resumeToken) {
      this.#connect();
    } else {
      this.#showForm();
    }
  }

  #showForm(problem = null) {
    const codeKnown = CODE_PATTERN.test(this.#code);
    const error = (id) => h('p', { class: 'error', id, role: 'alert' });
    this.#fields = {
      code: h('input', { type: 'text', id: 'code', name: 'code', autocomplete: 'off', autocapitalize: 'characters',
        inputmode: 'text', maxlength: 11, value: this.#code, 'aria-describedby': 'code-hint code-error' }),
      codeError: error('code-error'),
      name: h('input', { type: 'text', id: 'name', name: 'name', autocomplete: 'given-name', maxlength: 40,
        'aria-describedby': 'name-hint name-error' }),
      nameError: error('name-error'),
      rolError: error('rol-error'),
      formError: error('form-error'),
      submit: h('button', { type: 'submit', class: 'button button-primary button-wide' }, 'Meedoen'),
    };
    const f = this.#fields;
    this.#form = h('form', { class: 'card join-form', novalidate: true, onsubmit: (e) => this.#submit(e) },
      h('h1', {}, 'Meedoen'),
      codeKnown
        ? h('p', { class: 'join-code-known' }, 'Code: ', h('strong', {}, formatJoinCode(this.#code)))
        : null,
      h('div', { class: 'field', hidden: codeKnown },
        h('label', { for: 'code' }, 'Code'),
        h('span', { class: 'hint', id: 'code-hint' }, 'De letters en cijfers op het scherm van de begeleider.'),
        f.code, f.codeError),
      h('div', { class: 'field' },
        h('label', { for: 'name' }, 'Je naam'),
        h('span', { class: 'hint', id: 'name-hint' }, 'Alleen je voornaam is genoeg. De begeleider ziet deze naam.'),
        f.name, f.nameError),
      h('fieldset', { class: 'field rollen', 'aria-describedby': 'rol-error' },
        h('legend', {}, 'Je rol vanavond'),
        this.#content.rollen.map((rol, i) => h('label', { class: 'rol-option' },
          h('input', { type: 'radio', name: 'rol', value: rol.id, checked: this.#seat?.rol === rol.id }),
          h('span', { class: 'rol-text' },
            h('span', { class: 'rol-naam' }, rol.naam),
            h('span', { class: 'rol-uitleg' }, rol.beschrijving)))),
        f.rolError),
      f.submit, f.formError);
    fill(this, this.#form);
    if (problem) {
      this.#showProblem(problem);
    }
    (codeKnown ? f.name : f.code).focus();
  }

  #submit(event) {
    event.preventDefault();
    const f = this.#fields;
    for (const key of ['codeError', 'nameError', 'rolError', 'formError']) {
      f[key].textContent = '';
    }
    f.code.removeAttribute('aria-invalid');
    f.name.removeAttribute('aria-invalid');
    const code = normalizeCode(f.code.value);
    const name = f.name.value.trim();
    const rol = new FormData(this.#form).get('rol');
    if (!CODE_PATTERN.test(code)) {
      this.#showProblem({ code: 'bad_join_code', message: 'Een code bestaat uit 8 letters en cijfers, zoals HX4K 7P2M.' });
      return;
    }
    if (!name) {
      this.#showProblem({ code: 'name', message: 'Vul je naam in.' });
      return;
    }
    if (!rol) {
      this.#showProblem({ code: 'rol', message: 'Kies je rol.' });
      return;
    }
    this.#code = code;
    // A key of our own makes this join idempotent: if the welcome gets lost on bad Wi-Fi and the link
    // tries again, the server hands back the same place instead of seating us twice.
    this.#seat = { name, rol, resumeToken: null, joinKey: newJoinKey() };
    f.submit.disabled = true;
    f.submit.textContent = 'Even verbinden…';
    // When a whole hall joins at once the server lets phones in a few at a time (PROTOCOL.md, "A crowd joins
    // in turn"); say so instead of leaving "Even verbinden…" standing for many seconds.
    clearTimeout(this.#busyTimer);
    this.#busyTimer = setTimeout(() => {
      if (f.submit.disabled && !this.#view) {
        f.submit.textContent = 'Het is even druk. Je bent zo aan de beurt…';
      }
    }, 4000);
    this.#connect();
  }

  #showProblem({ code, message }) {
    const f = this.#fields;
    if (!f.formError) {
      return;
    }
    if (code === 'bad_join_code') {
      f.code.closest('.field').hidden = false;
      f.codeError.textContent = message;
      f.code.setAttribute('aria-invalid', 'true');
      f.code.focus();
    } else if (code === 'name' || (code === 'bad_request' && /naam|name/i.test(message))) {
      f.nameError.textContent = message;
      f.name.setAttribute('aria-invalid', 'true');
      f.name.focus();
    } else if (code === 'rol') {
      f.rolError.textContent = message;
      this.#form.querySelector('input[name=rol]').focus();
    } else {
      f.formError.textContent = message;
    }
  }

  #connect() {
    this.#link?.stop();
    // compactState: after the welcome (always the whole state) the server sends small states whose route grows
    // by deltas; the participant view puts them together (see PROTOCOL.md, "Compact state for phones").
    const link = new LiveLink(() => (this.#seat.resumeToken
      ? { type: 'resume', resumeToken: this.#seat.resumeToken, compactState: true }
      : { type: 'join', joinCode: this.#code, name: this.#seat.name, rol: this.#seat.rol, joinKey: this.#seat.joinKey,
        compactState: true, ...(this.#secret?.code === this.#code ? { joinSecret: this.#secret.secret } : {}) }));
    this.#link = link;
    const banner = document.querySelector('br-conn-banner');
    if (banner) {
      banner.link = link;
    }
    link.addEventListener('welcome', (e) => this.#welcome(e.detail));
    link.addEventListener('frame', (e) => this.#view?.frame(e.detail));
    link.addEventListener('refused', (e) => this.#refused(e.detail));
    link.addEventListener('removed', (e) => this.#ended(e.detail.message, false));
    link.addEventListener('ended', (e) => this.#ended(e.detail.message, e.detail.code === 4001));
    link.start();
  }

  #welcome(frame) {
    this.#seat = { resumeToken: frame.resumeToken, sessionId: frame.state.sessionId, name: frame.name, rol: frame.rol };
    rememberPhoneSeat(this.#code, this.#seat);
    // In the session the link's secret has done its job: off the address bar, so a shared screen shows none.
    if (location.pathname !== `/j/${this.#code}` || location.hash) {
      history.replaceState(null, '', `/j/${this.#code}`);
    }
    if (!this.#view) {
      this.#view = h('br-participant-view');
      this.#view.content = this.#content;
      this.#view.link = this.#link;
      this.#view.joinCode = this.#code;
      fill(this, this.#view);
    }
    this.#view.welcome(frame);
  }

  #refused(frame) {
    if (this.#seat?.resumeToken) {
      // The stored place is no longer valid (removed, or the session is gone): start over.
      forgetPhoneSeat(this.#code);
      const old = this.#seat;
      this.#seat = null;
      this.#view = null;
      this.#showForm({ code: 'resume', message: frame.code === 'bad_token'
        ? 'Je plek in deze sessie bestaat niet meer. Doe opnieuw mee.' : frame.message });
      if (old?.name) {
        this.#fields.name.value = old.name;
      }
      return;
    }
    if (!this.#form?.isConnected) {
      this.#showForm();
    }
    this.#fields.submit.disabled = false;
    this.#fields.submit.textContent = 'Meedoen';
    this.#showProblem(frame);
  }

  #ended(message, replaced) {
    if (!replaced) {
      forgetPhoneSeat(this.#code);
      this.#link?.stop();
    }
    this.#view = null;
    fill(this, h('section', { class: 'card', role: 'alert' },
      h('h1', {}, replaced ? 'Je gaat ergens anders verder' : 'Je doet niet meer mee'),
      h('p', {}, message),
      replaced
        ? h('button', { type: 'button', class: 'button button-primary', onclick: () => this.#connect() }, 'Hier verder gaan')
        : h('a', { class: 'button', href: `/j/${this.#code}` }, 'Opnieuw meedoen')));
  }
}

export function registerJoinPage() {
  customElements.get('br-join-page') ?? customElements.define('br-join-page', JoinPageElement);
}

/** 192 random bits as base64url. */
function newJoinKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
