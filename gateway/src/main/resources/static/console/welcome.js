// The content team's welcome templates (欢迎语) on /api/welcome/templates: every key with the text in
// force and who wrote and reviewed it, a key's versions, a new version with the compliance check's
// findings, and the reviewer's publish (never the author's: the server refuses it, the page says why first).
import { $, agentName, api, failure, highlight, html, lastCallWins, notify, redraw, whoAmI } from './common.js';

/** The API's refusals of this page, in Chinese; anything else falls back to the shared words. */
const WORDS = {
  BAD_KEY: '模板的渠道码或角色不正确',
  MISSING_TEXT: '请填写欢迎语',
  TEXT_TOO_LONG: '欢迎语超过 4000 字节（企业微信的上限）',
  SAME_PERSON: '不能发布自己撰写的版本：须由另一位审核人发布（四眼原则）',
  UNKNOWN_VERSION: '没有这个版本',
  NOT_LATEST: '已有更新的版本：请审核最新版本',
  ALREADY_PUBLISHED: '这个版本已在使用中',
  PUBLISHED_MEANWHILE: '其他人刚刚发布了这个模板：请刷新后再看',
  NOT_COMPLIANT: '合规检查未通过，不能发布',
};

/** The same patterns as the server's WelcomeKey: checked here first, so a typo is said in words at once. */
const CODE = /^(\*|[A-Za-z0-9_.@-]{1,64})$/;
const ROLE = /^(\*|[a-z0-9_-]{1,32})$/;
const MAX_BYTES = 4000;

const channelNames = { CONTACT: '客户联系', KF: '微信客服' };
const keyId = (key) => `${key.channel.toLowerCase()}:${key.code}:${key.role}`;
const any = (value) => (value === '*' ? '全部' : value);
const keyWords = (key) => `${channelNames[key.channel] || key.channel} · ${key.channel === 'KF' ? '账号' : '渠道码'} ${any(key.code)}`
  + (key.channel === 'KF' ? '' : ` · 角色 ${any(key.role)}`);
// ':' stays as it is in the path (the server's key syntax), everything else is escaped
const keyPath = (id) => '/api/welcome/templates/' + encodeURIComponent(id).replace(/%3A/g, ':');
const bytes = (text) => new TextEncoder().encode(text).length;
const when = (iso) => (iso ? iso.replace('T', ' ').slice(0, 16) : '');

let opened = null; // the history of the key in the editor
const listTurn = lastCallWins();
const openTurn = lastCallWins();

function refused(what, answer) {
  const words = answer.data && WORDS[answer.data.reason];
  return words ? `${what}（${answer.status}）：${words}` : failure(what, answer);
}

function verdictBadge(check) {
  if (!check) return '—';
  const pass = check.action === 'PASS';
  return html`<span class="verdict${pass ? '' : ' refused'}">${check.action}</span>${pass ? '' : html` ${check.rules.join('、')}`}`;
}

async function loadList() {
  const mine = listTurn();
  const answer = await api('GET', '/api/welcome/templates');
  if (!mine()) return;
  if (!answer.ok) { redraw($('templates'), html`<tr><td colspan="5">${refused('无法读取', answer)}</td></tr>`); return; }
  redraw($('templates'), html`${answer.data.map((t) => {
    const id = keyId(t.key);
    const inForce = t.inForce ? (t.inForce.version === 0 ? 'v0（出厂默认）' : `v${t.inForce.version}`) : '未发布';
    const who = t.published ? `${t.published.author} / ${t.published.reviewer}` : (t.inForce ? '出厂' : '—');
    const pending = t.latest && (!t.inForce || t.latest.version !== t.inForce.version);
    return html`<tr data-key="${id}" class="${opened && keyId(opened.key) === id ? 'selected' : ''}">
      <td><span class="key">${id}</span><br>${keyWords(t.key)}</td>
      <td class="in-force">${inForce}</td>
      <td class="who">${who}</td>
      <td class="latest">${t.latest ? html`v${t.latest.version} ${t.latest.author}${pending ? html` <span class="pending">待审核</span>` : ''}` : '—'}</td>
      <td class="check">${verdictBadge(t.latestCheck)}</td></tr>`;
  })}`);
}

/** Opens a key (it may have no version yet: a new template starts there). */
async function open(id) {
  const mine = openTurn();
  const answer = await api('GET', keyPath(id));
  if (!mine()) return;
  if (!answer.ok) { notify('list-notice', refused('无法打开模板', answer), true); return; }
  notify('list-notice', '');
  if (!opened || keyId(opened.key) !== id) {
    // another template: what was said of the last one no longer applies
    $('check').hidden = true;
    notify('draft-notice', '');
    notify('publish-notice', '');
  }
  opened = answer.data;
  show();
  loadList();
}

function show() {
  const h = opened;
  $('editor').hidden = false;
  $('editor-key').textContent = keyId(h.key);
  const published = h.publications.length ? h.publications[h.publications.length - 1] : null;
  $('in-force-facts').textContent = h.inForce
    ? (h.inForce.version === 0 ? '在用：出厂默认（v0）'
      : `在用：v${h.inForce.version}，${published.author} 撰写，${published.reviewer} 审核发布于 ${when(published.at)}`)
    : '尚未发布：发送时使用更一般的模板。';
  $('in-force').textContent = h.inForce ? h.inForce.text : '—';
  const byVersion = new Map(h.publications.map((p) => [p.version, p]));
  const current = h.inForce ? h.inForce.version : 0;
  $('versions').innerHTML = h.versions.length === 0 ? html`<li>还没有版本：在上方写第一个版本。</li>`
    : html`${[...h.versions].reverse().map((v) => {
      const p = byVersion.get(v.version);
      const state = v.version === current ? '在用' : p ? '曾发布' : v.version === latest() ? '待审核' : '未发布';
      return html`<li data-version="${v.version}"><div class="meta"><b>v${v.version}</b><span class="state">${state}</span>
        <span>${v.author} 撰写于 ${when(v.at)}</span>${p ? html`<span>${p.reviewer} 审核发布于 ${when(p.at)}</span>` : ''}</div>
        <div class="text">${v.text}</div></li>`;
    })}`;
  publishable();
}

const latest = () => (opened && opened.versions.length ? opened.versions[opened.versions.length - 1].version : 0);

/** The publish button is for the latest version not yet in force, and not for its author (four-eyes). */
function publishable() {
  const v = opened.versions[opened.versions.length - 1];
  const current = opened.inForce ? opened.inForce.version : 0;
  let hint = '';
  if (!v) hint = '还没有可发布的版本。';
  else if (v.version === current) hint = `最新版本 v${v.version} 已在使用中。`;
  else if (v.author === agentName()) hint = `v${v.version} 由您撰写：须由另一位审核人发布（四眼原则）。`;
  $('publish').disabled = !!hint;
  $('publish').textContent = v && v.version !== current ? `审核通过并发布 v${v.version}` : '审核通过并发布最新版本';
  $('publish-hint').textContent = hint;
}

/** Shows a verdict: the action, the text with each finding marked, and each finding in words. */
function showCheck(text, check) {
  $('check').hidden = false;
  const pass = check.action === 'PASS';
  $('check-action').innerHTML = html`<span class="verdict${pass ? '' : ' refused'}">${check.action}</span>
    ${pass ? '通过：审核人可发布' : '未通过：这段文字不能发布，请修改后保存新版本'}`;
  $('check-text').innerHTML = html`${highlight(text, check.findings)}`;
  $('findings').innerHTML = html`${check.findings.map((f) => html`<li class="${f.action === 'BLOCK' ? 'block' : ''}">
    ${f.ruleId}（${f.action}）：${f.explanation}</li>`)}`;
}

function countBytes() {
  const n = bytes($('text').value.trim());
  $('bytes').textContent = n;
  $('bytes').className = n > MAX_BYTES ? 'over' : '';
}

async function save() {
  if (!opened) return;
  const text = $('text').value.trim();
  if (!text) { notify('draft-notice', '请填写欢迎语。', true); return; }
  if (bytes(text) > MAX_BYTES) {
    notify('draft-notice', `欢迎语有 ${bytes(text)} 字节，超过企业微信的上限 ${MAX_BYTES} 字节：请删减。`, true);
    return;
  }
  const id = keyId(opened.key);
  const answer = await api('POST', keyPath(id) + '/drafts', { text });
  if (!answer.ok) { notify('draft-notice', refused('保存失败', answer), true); return; }
  const check = answer.data.check;
  notify('draft-notice', `已保存为 v${answer.data.version}（待审核，客户看到的内容不变）`
    + (check.action === 'PASS' ? '' : '；合规检查未通过，这个版本不能发布'), check.action !== 'PASS');
  showCheck(answer.data.text, check);
  $('text').value = '';
  countBytes();
  await open(id);
}

async function publish() {
  if (!opened || !opened.versions.length) return;
  const v = opened.versions[opened.versions.length - 1];
  const id = keyId(opened.key);
  const answer = await api('POST', `${keyPath(id)}/versions/${v.version}/publish`);
  if (!answer.ok) {
    notify('publish-notice', refused('发布失败', answer), true);
    if (answer.data && answer.data.reason === 'NOT_COMPLIANT') {
      showCheck(v.text, { action: answer.data.action, rules: answer.data.rules || [], findings: answer.data.findings || [] });
    }
    await open(id);
    return;
  }
  $('check').hidden = true; // a refusal shown before is about a version that is no longer the question
  notify('publish-notice', `已发布 v${answer.data.version}：${answer.data.author} 撰写，${answer.data.reviewer} 审核；各实例随即使用。`);
  await open(id);
}

/** The key typed in the form, checked here with the server's rules; null (and a message) when it is none. */
function typedKey() {
  const channel = $('k-channel').value;
  const code = $('k-code').value.trim() || '*';
  const role = channel === 'kf' ? '*' : ($('k-role').value.trim().toLowerCase() || '*');
  if (!CODE.test(code)) {
    notify('list-notice', `渠道码“${code}”不正确：只能是 *，或 1-64 个字母、数字和 _ . @ -。`, true);
    return null;
  }
  if (!ROLE.test(role)) {
    notify('list-notice', `员工角色“${role}”不正确：只能是 *，或 1-32 个小写字母、数字和 _ -（例如 account-manager、direct）。`, true);
    return null;
  }
  return `${channel}:${code}:${role}`;
}

/** Everything is wired before anything is awaited, so nothing the user does while the page loads is lost. */
function start() {
  whoAmI().then(() => { if (opened) publishable(); });
  $('reload').addEventListener('click', loadList);
  $('templates').addEventListener('click', (event) => {
    const row = event.target.closest('tr[data-key]');
    if (row) open(row.dataset.key);
  });
  $('new-key').addEventListener('submit', (event) => {
    event.preventDefault();
    const id = typedKey();
    if (id) open(id);
  });
  $('k-channel').addEventListener('change', () => { $('k-role').disabled = $('k-channel').value === 'kf'; });
  $('text').addEventListener('input', countBytes);
  $('save').addEventListener('click', save);
  $('publish').addEventListener('click', publish);
  loadList();
}

start();
