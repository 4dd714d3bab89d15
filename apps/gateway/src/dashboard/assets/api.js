// The admin routes the page reads, called with the key the visitor entered (this tab only).

const KEY_STORAGE = 'fleet-dashboard-admin-key';
let key = sessionStorage.getItem(KEY_STORAGE);
let onRefused = function () {};

export function adminKey() {
  return key;
}

export function rememberKey(value) {
  key = value;
  if (value) sessionStorage.setItem(KEY_STORAGE, value);
  else sessionStorage.removeItem(KEY_STORAGE);
}

/** What to do when the gateway refuses the key (401 or 403): ask for it again. */
export function whenKeyRefused(handler) {
  onRefused = handler;
}

export function api(method, path, body) {
  const headers = { 'x-admin-key': key || '' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(path, {
    method: method,
    headers: headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  }).then(function (response) {
    return response.text().then(function (text) {
      const parsed = text ? JSON.parse(text) : undefined;
      if (response.status === 401 || response.status === 403) {
        onRefused('The admin key was refused (' + response.status + ').');
        throw new Error('admin key refused');
      }
      if (!response.ok) throw new Error((parsed && parsed.message) || 'HTTP ' + response.status);
      return parsed;
    });
  });
}
