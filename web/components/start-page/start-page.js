/**
 * <br-start-page>: what Buurtroute is, a form for a new session, and the sessions this browser
 * facilitated before (from localStorage) with links to their console and route.
 */
import { postJson } from '../../lib/api.js';
import { h, fill } from '../../lib/dom.js';
import { facilitatedSessions, forgetSession, rememberSession } from '../../lib/storage.js';

class StartPageElement extends HTMLElement {
  #form;
  #titleInput;
  #titleError;
  #codeField;
  #codeInput;
  #formError;
  #list;

  connectedCallback() {
    if (this.#form) {
      return;
    }
    this.#titleInput = h('input', { type: 'text', id: 'title', name: 'title', maxlength: 120, required: true,
      autocomplete: 'off', 'aria-describedby': 'title-hint title-error' });
    this.#titleError = h('p', { class: 'error', id: 'title-error', role: 'alert' });
    this.#codeInput = h('input', { type: 'text', id: 'create-code', name: 'createCode', autocomplete: 'off' });
    this.#codeField = h('div', { class: 'field', hidden: true },
      h('label', { for: 'create-code' }, 'Code om een sessie te maken'),
      h('span', { class: 'hint' }, 'Deze server vraagt een code. Je krijgt die van de beheerder.'),
      this.#codeInput);
    this.#formError = h('p', { class: 'error', role: 'alert' });
    this.#form = h('form', { class: 'card', novalidate: true, onsubmit: (e) => this.#create(e) },
      h('h2', {}, 'Nieuwe sessie'),
      h('div', { class: 'field' },
        h('label', { for: 'title' }, 'Titel'),
        h('span', { class: 'hint', id: 'title-hint' }, 'Bijvoorbeeld: Wijkavond Kanaleneiland'),
        this.#titleInput, this.#titleError),
      h('div', { class: 'field' },
        h('label', { for: 'neighbourhood' }, 'Buurt (mag leeg blijven)'),
        h('input', { type: 'text', id: 'neighbourhood', name: 'neighbourhood', maxlength: 120, autocomplete: 'off' })),
      this.#codeField,
      h('button', { type: 'submit', class: 'button button-primary' }, 'Nieuwe sessie'),
      this.#formError);
    this.#list = h('section', { class: 'card', 'aria-labelledby': 'earlier' });
    fill(this,
      h('h1', {}, 'Samen een route kiezen voor je buurt'),
      h('p', { class: 'intro' },
        'Buurtroute helpt inwoners, wijkprofessionals en beleidsambtenaren om samen te kiezen hoe je de '
        + 'leefbaarheid in een buurt aanpakt. Iedereen stemt met de telefoon, de groep ziet de uitkomst op het '
        + 'scherm en aan het eind heb je een route om op te slaan en te printen.'),
      h('p', {}, h('a', { class: 'button', href: '/j' }, 'Meedoen met een code')),
      this.#form,
      this.#list);
    this.#showSessions();
  }

  async #create(event) {
    event.preventDefault();
    this.#titleError.textContent = '';
    this.#formError.textContent = '';
    this.#titleInput.removeAttribute('aria-invalid');
    const data = new FormData(this.#form);
    const title = String(data.get('title') ?? '').trim();
    const neighbourhood = String(data.get('neighbourhood') ?? '').trim();
    if (!title) {
      this.#titleError.textContent = 'Geef de sessie een titel.';
      this.#titleInput.setAttribute('aria-invalid', 'true');
      this.#titleInput.focus();
      return;
    }
    const body = { title };
    if (neighbourhood) {
      body.neighbourhood = neighbourhood;
    }
    const createCode = String(data.get('createCode') ?? '').trim();
    if (createCode) {
      body.createCode = createCode;
    }
    const button = this.#form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const created = await postJson('/api/sessions', body);
      rememberSession({
        sessionId: created.sessionId, joinCode: created.joinCode, title, neighbourhood: neighbourhood || null,
        facilitatorToken: created.facilitatorToken, reviewToken: created.reviewToken,
        viewerToken: created.viewerToken ?? null, createdAt: new Date().toISOString(),
      });
      location.assign(`/f/${encodeURIComponent(created.sessionId)}#token=${encodeURIComponent(created.facilitatorToken)}`);
    } catch (error) {
      button.disabled = false;
      if (error.code === 'bad_create_code') {
        this.#codeField.hidden = false;
        this.#codeInput.focus();
      }
      if (error.code === 'bad_request' && /titel|title/i.test(error.message)) {
        this.#titleError.textContent = error.message;
        this.#titleInput.setAttribute('aria-invalid', 'true');
      } else {
        this.#formError.textContent = error.message;
      }
    }
  }

  #showSessions() {
    const sessions = facilitatedSessions();
    if (sessions.length === 0) {
      fill(this.#list, h('h2', { id: 'earlier' }, 'Eerdere sessies'),
        h('p', { class: 'muted' }, 'Sessies die je op deze computer begeleidt, komen hier te staan.'));
      return;
    }
    const date = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'medium', timeStyle: 'short' });
    fill(this.#list, h('h2', { id: 'earlier' }, 'Eerdere sessies op deze computer'),
      h('ul', { class: 'session-list' }, sessions.map((s) => h('li', {},
        h('p', { class: 'session-title' }, s.title, s.neighbourhood ? h('span', { class: 'muted' }, ` · ${s.neighbourhood}`) : null),
        s.createdAt ? h('p', { class: 'muted session-date' }, date.format(new Date(s.createdAt))) : null,
        h('p', { class: 'button-row' },
          h('a', { class: 'button button-small', href: `/f/${encodeURIComponent(s.sessionId)}#token=${encodeURIComponent(s.facilitatorToken)}` },
            'Console', h('span', { class: 'sr-only' }, ` van ${s.title}`)),
          s.reviewToken ? h('a', { class: 'button button-small', href: `/r/${encodeURIComponent(s.sessionId)}#token=${encodeURIComponent(s.reviewToken)}` },
            'Route', h('span', { class: 'sr-only' }, ` van ${s.title}`)) : null,
          h('button', { type: 'button', class: 'button button-small button-danger',
            onclick: () => { forgetSession(s.sessionId); this.#showSessions(); } },
          'Vergeten', h('span', { class: 'sr-only' }, ` ${s.title}`)))))),
      sessions.length > 1 ? h('p', {}, h('a', { href: '/c' }, 'Twee routes vergelijken')) : null);
  }
}

export function registerStartPage() {
  customElements.get('br-start-page') ?? customElements.define('br-start-page', StartPageElement);
}
