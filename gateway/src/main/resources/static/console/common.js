// Shared by the console pages: who is signed in, and staff API calls with the CSRF token.
export const $ = (id) => document.getElementById(id);

export function cookie(name) {
  const match = document.cookie.split('; ').find((c) => c.startsWith(name + '='));
  return match ? decodeURIComponent(match.split('=')[1]) : null;
}

let me = null;

/**
 * The console's pages: address, name in the header, what the start page says of it, and the roles
 * that open it (ADMIN opens every page). The server decides what each role may reach
 * (staff/SecurityConfiguration); this only keeps people from links that would answer 403.
 * EVENT_SOURCE (the bank's event feed) opens none: the server refuses it every page.
 */
export const PAGES = [
  ['agent.html', '坐席工作台', '坐席工作台：审核草稿、接管会话', ['AGENT', 'ACCOUNT_MANAGER', 'SUPERVISOR']],
  ['content.html', '知识库', '知识库管理：编辑、审核、发布、试一试、导入', ['CONTENT_EDITOR']],
  ['welcome.html', '欢迎语', '欢迎语模板：按渠道码与角色撰写、合规检查、审核发布', ['CONTENT_EDITOR']],
  ['compliance.html', '合规规则', '合规规则：规则包与文本检测', ['COMPLIANCE_OFFICER']],
  ['suggest.html', '回复建议', '管户回复建议（可嵌入聊天工具栏）', ['ACCOUNT_MANAGER', 'AGENT', 'SUPERVISOR']],
  ['dashboard.html', '人机协作看板', '人机协作看板（组长另见本组队列与改派）',
    ['AGENT', 'CONTENT_EDITOR', 'COMPLIANCE_OFFICER', 'ACCOUNT_MANAGER', 'SUPERVISOR']],
  ['kpi.html', '经营指标', '客户联系经营指标：企微覆盖率、新增与流失、1V1 互动（按员工、团队、支行）', ['SUPERVISOR']],
  ['strategies.html', '经营策略', '经营策略：事件触发的客户触达、A/B 试验结果与推广胜出组',
    ['OPERATIONS', 'COMPLIANCE_OFFICER', 'SUPERVISOR']],
  ['privacy.html', '客户数据', '客户个人信息：导出或删除一位客户的数据（管理员）', []],
];

/** The pages the user's roles open. */
export function pagesFor(user) {
  const roles = user ? user.roles : [];
  return PAGES.filter(([, , , need]) => roles.includes('ADMIN') || need.some((r) => roles.includes(r)));
}

/** True when the signed-in user has one of the roles (ADMIN has them all). */
export function hasRole(...roles) {
  return !!me && (me.roles.includes('ADMIN') || roles.some((r) => me.roles.includes(r)));
}

/**
 * The signed-in user ({username, roles}); every console page needs a login, so there always is one.
 * Also puts the shared bar into the page's header: the start page and the user's pages, who is
 * signed in, and the logout.
 */
export async function whoAmI() {
  const response = await fetch('/api/me');
  me = response.ok ? await response.json() : null;
  consoleBar(me);
  return me;
}

/**
 * The bar every console page shares, at the end of its <header>. Logging out is a form POST to
 * /logout with the CSRF token from the cookie (Spring Security refuses it without), read when the
 * form is sent so that a token renewed since the page loaded is the one that goes.
 */
function consoleBar(user) {
  const header = document.querySelector('body > header');
  if (!header) return;
  const old = document.getElementById('console-bar');
  if (old) old.remove();
  const here = location.pathname.split('/').pop() || 'index.html';
  const link = (href, name) => html`<a href="${href}"${here === href ? trusted(' aria-current="page"') : ''}>${name}</a>`;
  const bar = document.createElement('nav');
  bar.id = 'console-bar';
  bar.className = 'console-bar';
  bar.innerHTML = html`${link('index.html', '首页')}${pagesFor(user).map(([href, name]) => link(href, name))}
    <span id="console-user">${user ? `${user.username}（${user.roles.join('、')}）` : '未登录'}</span>
    <form method="post" action="/logout" id="logout-form"><input type="hidden" name="_csrf">
      <button type="submit" id="logout">退出登录</button></form>`;
  header.appendChild(bar);
  const form = bar.querySelector('#logout-form');
  form.addEventListener('submit', () => { form.elements._csrf.value = cookie('XSRF-TOKEN') || ''; });
}

/** The login is over (idle, disabled, a new password, logged out elsewhere): back to the login form. */
function loggedOut() {
  location.assign('/login');
}

/** For a live stream that broke: whether the login is over (then back to the login form) or only the connection. */
export async function checkLogin() {
  const response = await fetch('/api/me', { headers: { 'X-Assist-Background': '1' } });
  if (response.status === 401) loggedOut();
}

export function agentName() {
  return me ? me.username : '';
}

/**
 * A staff API call with the CSRF token. {@code body}: an object sent as JSON, or a string sent as
 * it is with {@code contentType} (a file to import).
 */
export async function api(method, url, body, contentType) {
  return call(method, url, body, contentType, {});
}

/**
 * A call the page makes by itself (a timer's refresh), not the person: marked so that the server
 * does not count it as activity, and a console left open logs out after the idle timeout.
 */
export async function backgroundApi(method, url) {
  return call(method, url, undefined, undefined, { 'X-Assist-Background': '1' });
}

async function call(method, url, body, contentType, extraHeaders) {
  const headers = { 'Accept': 'application/json', ...extraHeaders };
  const raw = typeof body === 'string';
  if (body !== undefined) headers['Content-Type'] = raw ? (contentType || 'text/plain') : 'application/json';
  const token = cookie('XSRF-TOKEN');
  if (token) headers['X-XSRF-TOKEN'] = token;
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : (raw ? body : JSON.stringify(body)) });
  if (response.status === 401) loggedOut();
  let data = null;
  try { data = await response.json(); } catch (e) { /* empty body */ }
  return { ok: response.ok, status: response.status, data };
}

export function escapeHtml(text) {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

/** Markup that is safe as it is: what {@link html} returns, or {@link trusted} marks. */
class Markup {
  constructor(text) { this.text = text; }
  toString() { return this.text; }
}

function render(value) {
  if (value instanceof Markup) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(value);
}

/**
 * A tagged template for HTML: every interpolated value is escaped unless it is markup made by html``
 * itself (so templates nest) or marked {@link trusted}; arrays are joined; null, undefined and false
 * render nothing. Assign the result to innerHTML: {@code el.innerHTML = html`<li>${name}</li>`}.
 * Server values therefore cannot become markup by accident, whatever the page forgets.
 */
export function html(strings, ...values) {
  let out = strings[0];
  values.forEach((value, i) => { out += render(value) + strings[i + 1]; });
  return new Markup(out);
}

/** Markup built here from escaped parts (e.g. {@link highlight}, an SVG chart): taken as it is by html``. */
export const trusted = (text) => new Markup(String(text));

/**
 * What the console says, in Chinese, for the API's stable reason codes (the API answers in English);
 * a code not listed shows the server's English message.
 */
const REASONS = {
  BUSY: '服务繁忙，请稍后重试',
  NOT_REPLICATED: '已在本实例保存，但尚未同步到其他实例（后台会重发，请勿重复操作）',
  STALE_VERSION: '条目已被他人修改：请重新打开后再编辑',
  UNKNOWN_ENTRY: '没有这个条目',
  ALREADY_EXISTS: '条目编号已存在：请打开该条目编辑',
  CHANGE_SET_REQUIRED: '本系统要求内容经变更集发布：提交审核后，在“发布变更集”中评估并发布',
  EMPTY_CHANGE_SET: '没有审核中的条目：先把要发布的条目提交审核',
  EVALUATION_RUNNING: '另一次评估正在进行，请等它完成',
  EVALUATION_NOT_DONE: '评估尚未完成或已失败：请重新评估',
  UNKNOWN_EVALUATION: '没有这次评估（评估只保存在运行它的实例上）：请重新评估',
  STALE_CHANGE_SET: '评估之后变更集或线上内容有变化：请重新评估',
  REGRESSION: '准确率@1 下降超过允许范围：需要填写理由强制发布',
  REASON_REQUIRED: '强制发布必须填写理由',
  INVALID_ROWS: '文件中有错误的行，未导入任何内容',
  TOO_LARGE: '文件超过允许的大小',
  NOT_ALLOWED: '条目当前的状态不允许这个操作',
  ENTRY_ARCHIVED: '条目已下架：请先恢复，或选择其他条目',
  ALREADY_DECIDED: '这条建议已被处理',
  NOT_YOUR_DECISION: '这条草稿由其他坐席处理',
  NO_LOW_CONFIDENCE_DECISION: '最近没有这条低置信度草稿的审核记录',
  NOT_THE_ANSWER_SENT: '客户收到的不是这个条目的答案：这个问法不能加为它的相似问',
  TOO_VAGUE: '客户的问题太笼统，不能加为任何条目的相似问',
  UNKNOWN_DRAFT: '队列中没有这条草稿',
  CLAIMED_BY_ANOTHER: '其他坐席已认领这条草稿',
  NOT_CLAIMED: '请先认领这条草稿（或认领已过期，请重新认领）',
  ALREADY_COMPLETED: '这条草稿已处理',
  BLOCKED_BY_COMPLIANCE: '合规规则拦截了这段文字，不能发送',
  UNKNOWN_CANDIDATE: '这个条目不是这条草稿的候选答案',
  MISSING_TEXT: '请填写回复内容',
  NOT_HOLDING: '请先接管会话',
  HELD_BY_ANOTHER: '其他坐席正在服务这个会话：请组长改派',
  UNKNOWN_USER: '没有这个用户',
  NOT_AN_AGENT: '只能改派给在岗的坐席、管户或组长',
  OTHER_TEAM: '只能改派给本组成员',
  MISSING_ASSIGNEE: '请选择改派给谁',
  CONVERSATION_STATE: '会话当前的状态不允许这个操作',
  BAD_CONVERSATION_ID: '会话编号不正确',
  OUT_OF_SCOPE: '不在您的队列或客户范围内：请联系组长改派',
  MISSING_QUESTION: '请输入客户的问题',
  TOO_LONG: '问题太长，请删减后再试',
  KPI_RUN_RUNNING: '指标正在计算中，请等它完成',
  INVALID_RANGE: '日期范围不正确',
};

/** The words for a refused call: the reason code's Chinese text, else the server's message or status. */
export function refusalText(answer) {
  const data = answer && answer.data;
  if (!data) return '';
  // an outcome that is not a refusal (an agent's reply blocked by compliance) says its status
  return REASONS[data.reason] || data.message || data.reason || (typeof data.status === 'string' ? data.status : '');
}

/** "保存失败（409）：…": what failed, the status, and why; the one way the pages word a failure. */
export function failure(what, answer) {
  const why = refusalText(answer);
  return `${what}（${answer.status}）${why ? '：' + why : ''}`;
}

/** The text with the given [start, end) ranges marked (ranges from the compliance check). */
export function highlight(text, hits) {
  return trusted(highlightedText(text, hits));
}

function highlightedText(text, hits) {
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

/**
 * For an async loader that may be called again before its answer arrives (a filter typed, an item
 * chosen, a list refreshed): an older answer arriving after a newer one must not replace it. Make
 * one per loader, {@code const turn = lastCallWins();}; the loader takes {@code const mine = turn();}
 * before it awaits and returns when {@code mine()} is false after it.
 */
export function lastCallWins() {
  let latest = 0;
  return () => {
    const call = ++latest;
    return () => call === latest;
  };
}

/**
 * Puts markup into an element unless it is already what the element shows. Drawing a list again
 * replaces the element under the user's pointer: a click landing as a refresh with the same answer
 * is drawn would be lost (pressed on the old item, released on the new one).
 */
export function redraw(element, markup) {
  const text = String(markup);
  if (drawn.get(element) === text && element.innerHTML !== '') return false;
  element.innerHTML = text;
  drawn.set(element, text);
  return true;
}

/** What {@link redraw} last put into each element. */
const drawn = new WeakMap();

/** Shows a message in a notice element; an error is marked as one. */
export function notify(id, text, error) {
  $(id).textContent = text;
  $(id).className = 'notice' + (error ? ' error' : '');
}

/** A share as a percentage with one decimal. */
export const pct = (x) => (x * 100).toFixed(1) + '%';
