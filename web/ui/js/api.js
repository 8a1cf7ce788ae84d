// The JSON API client: same-origin fetch with the session cookie, the CSRF token on every
// state-changing request, and errors turned into ApiError {status, code, message, field}.
import { t } from './i18n.js';

let csrfToken = '';

export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field || '';
  }
}

export function setCsrfToken(token) {
  csrfToken = token || '';
}

export async function api(method, path, body) {
  const options = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (method !== 'GET') {
    options.headers['Content-Type'] = 'application/json';
    options.headers['X-CSRF-Token'] = csrfToken;
    options.body = JSON.stringify(body === undefined ? {} : body);
  }
  let response;
  try {
    response = await fetch(path, options);
  } catch {
    throw new ApiError(0, 'network', t('common.network_error'));
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok) {
    const error = (data && data.error) || {};
    throw new ApiError(
      response.status,
      error.code || `http_${response.status}`,
      error.message || t('common.unexpected_error'),
      error.field,
    );
  }
  if (data && data.user && data.user.csrf_token) setCsrfToken(data.user.csrf_token);
  return data || {};
}
