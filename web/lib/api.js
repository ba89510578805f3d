/**
 * HTTP calls to our own server. Every failure becomes an ApiError with a Dutch sentence fit to show,
 * taken from the server's {"error":{"code","message"}} body when there is one.
 */
export class ApiError extends Error {
  constructor(code, message, status) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

const OFFLINE = 'De server is niet bereikbaar. Controleer de verbinding en probeer het opnieuw.';

async function request(path, options = {}) {
  let response;
  try {
    response = await fetch(path, { ...options, headers: { accept: 'application/json', ...(options.headers ?? {}) } });
  } catch {
    throw new ApiError('offline', OFFLINE, 0);
  }
  if (!response.ok) {
    let code = 'http_' + response.status;
    let message = 'Er ging iets mis op de server. Probeer het opnieuw.';
    try {
      const body = await response.json();
      if (body?.error?.message) {
        code = body.error.code ?? code;
        message = body.error.message;
      }
    } catch {
      // No JSON body: keep the general sentence.
    }
    if (response.status === 401 || response.status === 403) {
      message = code.startsWith('http_') ? 'Deze link geeft geen toegang. Vraag de begeleider om de juiste link.' : message;
    }
    if (response.status === 404 && code.startsWith('http_')) {
      message = 'Dit bestaat niet (meer). Controleer de link.';
    }
    throw new ApiError(code, message, response.status);
  }
  return response;
}

export async function getJson(path, token, extraHeaders = {}) {
  const headers = token ? { authorization: 'Bearer ' + token, ...extraHeaders } : { ...extraHeaders };
  return (await request(path, { headers })).json();
}

export async function getText(path, token, extraHeaders = {}) {
  const headers = token ? { authorization: 'Bearer ' + token, accept: '*/*', ...extraHeaders } : { accept: '*/*', ...extraHeaders };
  return (await request(path, { headers })).text();
}

/** A download as bytes, so a CSV's byte order mark survives (text() would strip it). */
export async function getBlob(path, token) {
  const headers = token ? { authorization: 'Bearer ' + token, accept: '*/*' } : { accept: '*/*' };
  return (await request(path, { headers })).blob();
}

export async function postJson(path, body, token) {
  const response = await request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: 'Bearer ' + token } : {}) },
    body: JSON.stringify(body),
  });
  return response.json();
}
