// Shared by the console pages: who is signed in, and fetch with the CSRF token when there is one.
export const $ = (id) => document.getElementById(id);

function cookie(name) {
  const match = document.cookie.split('; ').find((c) => c.startsWith(name + '='));
  return match ? decodeURIComponent(match.split('=')[1]) : null;
}

let me = null;

/** The signed-in user ({name, roles}) when the gateway has logins, else the name typed in the page. */
export async function whoAmI() {
  try {
    const response = await fetch('/api/me');
    if (response.ok) {
      me = await response.json();
      return me;
    }
  } catch (e) { /* no login endpoint: fall back to the typed name */ }
  me = null;
  return null;
}

export function agentName() {
  return me ? (me.username || me.name) : (localStorage.getItem('console.agent') || '');
}

export async function api(method, url, body) {
  const headers = { 'Accept': 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = cookie('XSRF-TOKEN');
  if (token) headers['X-XSRF-TOKEN'] = token;
  if (!me && agentName()) headers['X-Agent-Id'] = agentName();
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
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
