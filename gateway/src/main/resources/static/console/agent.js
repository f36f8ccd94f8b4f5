// The 直营 agents' workspace: the approval queue live (server-sent events), one draft in detail,
// and the actions on it. Plain ES module, no build step.
import { $, api, agentName, escapeHtml, highlight, notify, whoAmI } from './common.js';
import { offerVariant } from './agent-learn.js';

const QUICK_REPLIES = [
  '您好，请问还有什么可以帮您？',
  '您好，这个问题需要进一步核实，我们会尽快回复您。',
  '您好，为保障您的资金安全，请勿向任何人透露验证码和密码。',
];
const authors = { CUSTOMER: '客户', BOT: '机器人', SERVICER: '坐席', EMPLOYEE: '员工', SYSTEM: '系统' };
let drafts = [];
let selectedId = null;
let checkTimer = null;
let lastCheck = null;

function sla(deadline) {
  const left = Math.round((new Date(deadline) - Date.now()) / 1000);
  if (left <= 0) return `已超时 ${-left} 秒`;
  return left >= 60 ? `剩余 ${Math.floor(left / 60)} 分 ${left % 60} 秒` : `剩余 ${left} 秒`;
}

function renderQueue() {
  $('count').textContent = drafts.length;
  $('drafts').innerHTML = drafts.map(({ draft, claim }) => `
    <li data-id="${escapeHtml(draft.draftId)}" class="${draft.draftId === selectedId ? 'selected' : ''} ${new Date(draft.deadline) <= Date.now() ? 'overdue' : ''}">
      <div class="meta">
        <span>优先级 ${draft.priority}</span>
        <span class="sla" data-deadline="${escapeHtml(draft.deadline)}">${sla(draft.deadline)}</span>
        <span>置信度 ${(draft.confidence * 100).toFixed(0)}%</span>
        ${draft.queue !== 'direct' ? `<span>管户 ${escapeHtml(draft.queue)}</span>` : ''}
        ${claim ? `<span class="claim">${escapeHtml(claim.agentId)} 处理中</span>` : ''}
      </div>
      <div class="question">${escapeHtml(draft.customerText)}</div>
      <div class="meta">未自动发送：${escapeHtml(draft.reasons.join('；'))}</div>
    </li>`).join('');
  for (const li of $('drafts').children) {
    li.addEventListener('click', () => select(li.dataset.id));
  }
  renderDetail();
}

function current() {
  return drafts.find((q) => q.draft.draftId === selectedId);
}

async function select(id) {
  const changed = id !== selectedId;
  selectedId = id;
  renderQueue();
  const item = current();
  if (!item || !changed) return;
  $('edit').value = item.draft.draftText;
  check();
  const conversation = item.draft.conversation;
  const key = `${conversation.channel.toLowerCase()}:${conversation.account}:${conversation.peer}`;
  const answer = await api('GET', `/api/conversations/${encodeURIComponent(key)}`);
  $('history').innerHTML = answer.ok ? answer.data.history.map((t) =>
    `<li><span class="author">${authors[t.author] || t.author}</span>${escapeHtml(t.text)}</li>`).join('') : '';
}

function renderDetail() {
  const item = current();
  if (item) { $('conversation').hidden = true; openConversation = null; }
  $('empty').hidden = !!item || !!openConversation;
  $('selected').hidden = !item;
  if (!item) return;
  const { draft, claim } = item;
  $('facts').innerHTML = `来源：${escapeHtml(draft.sources.join('，') || '无')} · 置信度 ${(draft.confidence * 100).toFixed(0)}%`
    + ` · ${sla(draft.deadline)} · 原因：${escapeHtml(draft.reasons.join('；'))}`
    + (claim ? ` · 认领人 <strong id="holder">${escapeHtml(claim.agentId)}</strong>` : ' · 未认领');
  $('question').textContent = draft.customerText;
  $('draft').innerHTML = highlight(draft.draftText, draft.hits);
  const mine = claim && claim.agentId === agentName();
  $('claim').disabled = !!claim && !mine;
  $('release').disabled = !mine;
  const blocked = lastCheck && lastCheck.action === 'BLOCK';
  $('approve').disabled = !mine || blocked;
  $('reject').disabled = !mine;
  $('reject-reply').disabled = !mine || blocked;
  $('takeover').disabled = !mine;
}

function check() {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(async () => {
    const text = $('edit').value;
    if (!text.trim()) { lastCheck = null; $('warnings').innerHTML = ''; renderDetail(); return; }
    const answer = await api('POST', '/api/compliance/check', { text, kind: 'agent-reply' });
    lastCheck = answer.ok ? answer.data : null;
    $('warnings').innerHTML = lastCheck ? lastCheck.hits.map((h) =>
      `<li class="${h.action === 'BLOCK' ? 'block' : ''}">${h.action === 'BLOCK' ? '不可发送' : '提示'}：${escapeHtml(h.explanation)}</li>`).join('') : '';
    renderDetail();
  }, 250);
}

const notice = (text, error) => notify('notice', text, error);

// ------------------------------------------------------------ conversations this agent holds

const heldKey = () => 'console.held.' + agentName();
const held = () => JSON.parse(localStorage.getItem(heldKey()) || '[]');
const keep = (list) => localStorage.setItem(heldKey(), JSON.stringify(list));
let openConversation = null;

function conversationKey(conversation) {
  return `${conversation.channel.toLowerCase()}:${conversation.account}:${conversation.peer}`;
}

function renderHeld() {
  $('held').innerHTML = held().map((k) => `<li><a href="#" data-conv="${escapeHtml(k)}">${escapeHtml(k)}</a></li>`).join('')
    || '<li>无</li>';
  for (const a of $('held').querySelectorAll('[data-conv]')) {
    a.addEventListener('click', (e) => { e.preventDefault(); showConversation(a.dataset.conv); });
  }
}

async function showConversation(key) {
  openConversation = key;
  selectedId = null;
  renderQueue();
  $('empty').hidden = true;
  $('conversation').hidden = false;
  $('conv-id').textContent = key;
  const answer = await api('GET', `/api/conversations/${encodeURIComponent(key)}`);
  $('conv-history').innerHTML = answer.ok ? answer.data.history.map((t) =>
    `<li><span class="author">${authors[t.author] || t.author}</span>${escapeHtml(t.text)}</li>`).join('') : '';
}

async function conversationAct(action, body) {
  if (!openConversation) return;
  const answer = await api('POST', `/api/conversations/${encodeURIComponent(openConversation)}/${action}`, body);
  $('conv-warnings').innerHTML = answer.data && answer.data.warnings ? answer.data.warnings
    .map((w) => `<li class="${answer.status === 422 ? 'block' : ''}">${escapeHtml(w)}</li>`).join('') : '';
  if (!answer.ok) {
    $('conv-notice').textContent = `操作失败（${answer.status}）：${answer.data ? answer.data.message || answer.data.status || '' : ''}`;
    $('conv-notice').className = 'notice error';
    return;
  }
  $('conv-notice').className = 'notice';
  if (action === 'hand-back') {
    keep(held().filter((k) => k !== openConversation));
    $('conv-notice').textContent = '已交还机器人';
    renderHeld();
  } else {
    $('conv-notice').textContent = '已发送';
    $('conv-text').value = '';
    showConversation(openConversation);
  }
}

async function act(action, body) {
  const item = current();
  if (!item) return;
  const answer = await api('POST', `/api/approvals/${encodeURIComponent(item.draft.draftId)}/${action}`, body);
  if (answer.ok && action === 'take-over') {
    const key = conversationKey(item.draft.conversation);
    keep([...held().filter((k) => k !== key), key]);
    renderHeld();
    showConversation(key);
  }
  if (answer.ok && action === 'approve') offerVariant(item.draft.draftId);
  if (answer.ok) {
    notice({ claim: '已认领', release: '已释放', approve: '已发送', reject: '已驳回', 'take-over': '已接管会话' }[action]
      + (answer.data && answer.data.warnings && answer.data.warnings.length ? '（提示：' + answer.data.warnings.join('；') + '）' : ''));
  } else {
    const why = answer.data ? (answer.data.message || answer.data.reason || '') : '';
    notice(`操作失败（${answer.status}）：${why}`, true);
  }
}

function connect() {
  const source = new EventSource('/api/approvals/stream');
  source.addEventListener('queue', (event) => {
    drafts = JSON.parse(event.data);
    $('live').textContent = '实时';
    renderQueue();
  });
  source.onerror = () => { $('live').textContent = '连接中断，重连中…'; };
}

async function start() {
  const user = await whoAmI();
  $('signed-in').textContent = user ? user.username : '';
  $('quick').innerHTML = QUICK_REPLIES.map((q) => `<button type="button">${escapeHtml(q)}</button>`).join('');
  for (const b of $('quick').children) b.addEventListener('click', () => { $('edit').value = b.textContent; check(); });
  $('edit').addEventListener('input', check);
  $('claim').addEventListener('click', () => act('claim'));
  $('release').addEventListener('click', () => act('release'));
  $('approve').addEventListener('click', () => {
    const item = current();
    const text = $('edit').value.trim();
    act('approve', item && text !== item.draft.draftText.trim() ? { text } : {});
  });
  $('reject').addEventListener('click', () => act('reject', { reason: '坐席驳回' }));
  $('reject-reply').addEventListener('click', () => act('reject', { reason: '坐席改写', reply: $('edit').value.trim() }));
  $('takeover').addEventListener('click', () => act('take-over'));
  $('conv-send').addEventListener('click', () => conversationAct('reply', { text: $('conv-text').value.trim() }));
  $('conv-back').addEventListener('click', () => conversationAct('hand-back'));
  renderHeld();
  setInterval(() => {
    for (const el of document.querySelectorAll('[data-deadline]')) el.textContent = sla(el.dataset.deadline);
  }, 1000);
  connect();
}

start();
