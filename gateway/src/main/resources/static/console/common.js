// Shared by the console pages: who is signed in, and staff API calls with the CSRF token.
export const $ = (id) => document.getElementById(id);

export function cookie(name) {
  const match = document.cookie.split('; ').find((c) => c.startsWith(name + '='));
  return match ? decodeURIComponent(match.split('=')[1]) : null;
}

let me = null;

/** The signed-in user ({username, roles}); every console page needs a login, so there always is one. */
export async function whoAmI() {
  const response = await fetch('/api/me');
  me = response.ok ? await response.json() : null;
  return me;
}

export function agentName() {
  return me ? me.username : '';
}

/**
 * A staff API call with the CSRF token. {@code body}: an object sent as JSON, or a string sent as
 * it is with {@code contentType} (a file to import).
 */
export async function api(method, url, body, contentType) {
  const headers = { 'Accept': 'application/json' };
  const raw = typeof body === 'string';
  if (body !== undefined) headers['Content-Type'] = raw ? (contentType || 'text/plain') : 'application/json';
  const token = cookie('XSRF-TOKEN');
  if (token) headers['X-XSRF-TOKEN'] = token;
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : (raw ? body : JSON.stringify(body)) });
  let data = null;
  try { data = await response.json(); } catch (e) { /* empty body */ }
  return { ok: response.ok, status: response.status, data };
}

export function escapeHtml(text) {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

/** The text with the given [start, end) ranges marked (ranges from the compliance check). */
export function highlight(text, hits) {
  const sorted = [...(hits || [])].filter((h) => h.end > h.start).sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const hit of sorted) {
    if (hit.start < at || hit.end > text.length) continue;
    out += escapeHtml(text.slice(at, hit.start));
    const cls = hit.action === 'BLOCK' ? 'hit block' : 'hit';
    out += `<mark class="${cls}" title="${escapeHtml(hit.explanation)}">${escapeHtml(text.slice(hit.start, hit.end))}</mark>`;
    at = hit.end;
  }
  return out + escapeHtml(text.slice(at));
}

/** Shows a message in a notice element; an error is marked as one. */
export function notify(id, text, error) {
  $(id).textContent = text;
  $(id).className = 'notice' + (error ? ' error' : '');
}

/** A share as a percentage with one decimal. */
export const pct = (x) => (x * 100).toFixed(1) + '%';
