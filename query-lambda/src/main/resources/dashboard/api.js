// Same-origin calls to the query API. The API's root is two levels above this module
// (<root>/dashboard/<version>/api.js), so a stage prefix or a proxy path works unchanged.

const TOKEN_KEY = 'cdr-dashboard.token';
export const apiRoot = new URL('../../', import.meta.url);

/** A failure with the API's {"error","message"} body, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  /** True when the API could not be reached or failed on its side (not the caller's fault). */
  get unreachable() {
    return this.status === 0 || this.status >= 500;
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value.trim());
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** The URL of an API path with query parameters (null/empty values left out). */
export function apiUrl(path, params = {}) {
  const url = new URL(path, apiRoot);
  for (const [name, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === '') continue;
    url.searchParams.set(name, String(value));
  }
  return url;
}

function headers(accept) {
  const result = {Accept: accept};
  const bearer = token();
  if (bearer) result.Authorization = 'Bearer ' + bearer;
  return result;
}

const listeners = new Set();
/** Hears every answer: ok (boolean) and the error when not ok. */
export function onAnswer(listener) {
  listeners.add(listener);
}

async function request(path, params, accept) {
  let response;
  try {
    response = await fetch(apiUrl(path, params), {headers: headers(accept), credentials: 'same-origin', cache: 'no-store'});
  } catch (e) {
    const error = new ApiError(0, 'unreachable', 'the API does not answer (' + e.message + ')');
    listeners.forEach((l) => l(false, error));
    throw error;
  }
  if (!response.ok) {
    let code = 'http_' + response.status;
    let message = response.statusText || ('HTTP ' + response.status);
    try {
      const body = await response.json();
      code = body.error || code;
      message = body.message || message;
    } catch (e) {
      // API Gateway's own answers (401, 403) are {"message": ...} or empty
    }
    const error = new ApiError(response.status, code, message);
    listeners.forEach((l) => l(false, error));
    throw error;
  }
  listeners.forEach((l) => l(true, null));
  return response;
}

export async function getJson(path, params) {
  return (await request(path, params, 'application/json')).json();
}

/**
 * A CSV export as a download. Without a token the browser follows the link itself (streams,
 * any size); with one the file is fetched with the Authorization header and saved from memory.
 */
export async function downloadCsv(path, params, filename) {
  const response = await request(path, {...params, format: 'csv'}, 'text/csv');
  const blob = await response.blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}
