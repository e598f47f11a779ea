// Torg's JSON API from the browser: the session travels in HttpOnly cookies, and every request
// that changes something carries the session's CSRF token (readable cookie → X-CSRF-Token).

/** An API error with the server's {error, message}. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

function csrfToken() {
  const match = document.cookie.split('; ').find((c) => c.startsWith('torg_csrf='));
  return match ? decodeURIComponent(match.slice('torg_csrf='.length)) : '';
}

/**
 * Calls the API; resolves to the parsed JSON body (or null for 204), rejects with ApiError. A
 * FormData body goes as multipart (an upload), a Blob as it is, anything else as JSON.
 */
export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  const multipart = body instanceof FormData;
  // A Blob goes as it is, with its own type (a CSV import).
  const raw = body instanceof Blob;
  if (raw) {
    headers['Content-Type'] = body.type || 'application/octet-stream';
  } else if (body !== undefined && !multipart) {
    headers['Content-Type'] = 'application/json';
  }
  if (method !== 'GET') {
    headers['X-CSRF-Token'] = csrfToken();
  }
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined || multipart || raw ? body : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch (e) {
    throw new ApiError(0, 'network', '');
  }
  if (response.status === 204) {
    return null;
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = null;
  }
  if (!response.ok) {
    throw new ApiError(response.status, json?.error ?? 'error', json?.message ?? response.statusText);
  }
  return json;
}
