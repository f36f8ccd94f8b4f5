// The 直营 agents' workspace: the handoff queue (conversations waiting for a person) and the approval
// queue, both live (server-sent events), one draft or conversation in detail, and the actions on them.
// Plain ES module, no build step.
import { $, api, agentName, checkLogin, failure, highlight, html, lastCallWins, notify, redraw, whoAmI } from './common.js';
import { offerVariant, putAwayOffer } from './agent-learn.js';

const QUICK_REPLIES = [
  '您好，请问还有什么可以帮您？',
  '您好，这个问题需要进一步核实，我们会尽快回复您。',
  '您好，为保障您的资金安全，请勿向任何人透露验证码和密码。',
];
const authors = { CUSTOMER: '客户', BOT: '机器人', SERVICER: '坐席', EMPLOYEE: '员工', SYSTEM: '系统' };
const REASONS = {
  'fraud-or-lost-card': '盗刷/挂失',
  complaint: '投诉',
  'customer-asked-for-person': '客户要求人工',
  'repeated-low-confidence': '机器人多次没把握',
  'compliance-block': '合规拦截',
  'sla-breached': '草稿审核超时',
  'send-failed': '回复未能发出',
  'handling-failed': '消息处理失败',
  'queued-in-wecom': '企业微信待接入池',
  'taken-over': '坐席接管',
};
let drafts = [];
let waiting = [];
let selectedId = null;
let checkTimer = null;
let lastCheck = null;
// answers that may come back out of order: the check of an older text, the history of a draft or
// conversation chosen before the current one
const checkTurn = lastCallWins();
const historyTurn = lastCallWins();

function sla(deadline) {
  const left = Math.round((new Date(deadline) - Date.now()) / 1000);
  if (left <= 0) return `已超时 ${-left} 秒`;
  return left >= 60 ? `剩余 ${Math.floor(left / 60)} 分 ${left % 60} 秒` : `剩余 ${left} 秒`;
}

/** How long a customer has waited, from when they started (counted on the page between pushes). */
function waited(since) {
  const seconds = Math.max(0, Math.round((Date.now() - new Date(since)) / 1000));
  return seconds >= 60 ? `已等待 ${Math.floor(seconds / 60)} 分 ${seconds % 60} 秒` : `已等待 ${seconds} 秒`;
}

function renderWaiting() {
  $('waiting-count').textContent = waiting.length;
  $('waiting').innerHTML = waiting.length ? html`${waiting.map((w) => html`
    <li data-conv="${w.conversationId}" class="${w.priority >= 100 ? 'urgent' : ''} ${new Date(w.slaDeadline) <= Date.now() ? 'overdue' : ''}">
      <div class="meta">
        <span class="reason">${REASONS[w.reason] || w.reason || '待人工'}</span>
        <span>优先级 ${w.priority}</span>
        <span class="waited" data-since="${w.waitingSince}">${waited(w.waitingSince)}</span>
        <span class="sla" data-deadline="${w.slaDeadline}">${sla(w.slaDeadline)}</span>
        ${w.heldBy ? html`<span class="holder">${w.heldBy} 接待中</span>` : html`<span class="holder">未接入</span>`}
      </div>
      <div class="question">${w.lastCustomerText || '（无文字）'}</div>
      <div class="meta">
        <span>${w.conversationId}</span>
        ${w.heldBy ? '' : html`<button type="button" class="claim-conv">接入</button>`}
        <button type="button" class="open-conv">查看会话</button>
      </div>
    </li>`)}` : '<li class="none">无</li>';
  for (const li of $('waiting').querySelectorAll('[data-conv]')) {
    const claim = li.querySelector('.claim-conv');
    if (claim) claim.addEventListener('click', () => claimConversation(li.dataset.conv));
    li.querySelector('.open-conv').addEventListener('click', () => {
      putAwayOffer();
      $('conv-notice').textContent = '';
      showConversation(li.dataset.conv);
    });
  }
}

/** Claiming a waiting conversation is taking it over: the agent then answers the customer here. */
async function claimConversation(key) {
  const answer = await api('POST', `/api/conversations/${encodeURIComponent(key)}/take-over`);
  putAwayOffer();
  await showConversation(key);
  if (!answer.ok) {
    $('conv-notice').textContent = failure('接入失败', answer);
    $('conv-notice').className = 'notice error';
    return;
  }
  keep([...held().filter((k) => k !== key), key]);
  renderHeld();
  $('conv-notice').textContent = '已接入，可以回复客户';
  $('conv-notice').className = 'notice';
}

function renderQueue() {
  $('count').textContent = drafts.length;
  $('drafts').innerHTML = html`${drafts.map(({ draft, claim }) => html`
    <li data-id="${draft.draftId}" class="${draft.draftId === selectedId ? 'selected' : ''} ${new Date(draft.deadline) <= Date.now() ? 'overdue' : ''}">
      <div class="meta">
        <span>优先级 ${draft.priority}</span>
        <span class="sla" data-deadline="${draft.deadline}">${sla(draft.deadline)}</span>
        <span>置信度 ${(draft.confidence * 100).toFixed(0)}%</span>
        ${draft.queue !== 'direct' ? html`<span>管户 ${draft.queue}</span>` : ''}
        ${claim ? html`<span class="claim">${claim.agentId} 处理中</span>` : ''}
      </div>
      <div class="question">${draft.customerText}</div>
      <div class="meta">未自动发送：${draft.reasons.join('；')}</div>
    </li>`)}`;
  for (const li of $('drafts').children) {
    li.addEventListener('click', () => { putAwayOffer(); select(li.dataset.id); });
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
  const mine = historyTurn();
  const answer = await api('GET', `/api/conversations/${encodeURIComponent(key)}`);
  if (!mine()) return;
  $('history').innerHTML = answer.ok ? turns(answer.data.history) : '';
}

/** A conversation's turns as list items, each with its author's name. */
const turns = (history) => html`${history.map((t) =>
  html`<li><span class="author">${authors[t.author] || t.author}</span>${t.text}</li>`)}`;

function renderDetail() {
  const item = current();
  if (item) { $('conversation').hidden = true; openConversation = null; }
  $('empty').hidden = !!item || !!openConversation;
  $('selected').hidden = !item;
  if (!item) return;
  const { draft, claim } = item;
  $('facts').innerHTML = html`来源：${draft.sources.join('，') || '无'} · 置信度 ${(draft.confidence * 100).toFixed(0)}%`
    + html` · ${sla(draft.deadline)} · 原因：${draft.reasons.join('；')}`
    + (claim ? html` · 认领人 <strong id="holder">${claim.agentId}</strong>` : ' · 未认领');
  $('question').textContent = draft.customerText;
  $('draft').innerHTML = highlight(draft.draftText, draft.hits);
  const mine = claim && claim.agentId === agentName();
  renderCandidates(draft, mine);
  $('claim').disabled = !!claim && !mine;
  $('release').disabled = !mine;
  const blocked = lastCheck && lastCheck.action === 'BLOCK';
  $('approve').disabled = !mine || blocked;
  $('reject').disabled = !mine;
  $('reject-reply').disabled = !mine || blocked;
  $('takeover').disabled = !mine;
}

/**
 * Retrieval's best entries beside the draft, with their answers. Only the first has a calibrated
 * probability (the draft's confidence); the others show their rank and ranking score, which orders
 * them but is no probability. Drawn with redraw: the queue's live refreshes must not eat a click.
 */
function renderCandidates(draft, mine) {
  const list = draft.candidates || [];
  $('candidates-box').hidden = !list.length;
  redraw($('candidates'), html`${list.map((c) => html`
    <li data-entry="${c.entryId}">
      <div class="meta">
        <span class="rank">第 ${c.rank} 候选</span>
        <span>条目 ${c.entryId}（版本 ${c.version}）</span>
        ${c.rank === 1 ? html`<span>置信度 ${(draft.confidence * 100).toFixed(0)}%</span>` : ''}
        <span title="检索排序得分：只用于排序，不是概率">排序得分 ${c.score.toFixed(4)}</span>
      </div>
      <div class="candidate-question">标准问：${c.question}</div>
      <div class="candidate-answer">${c.answer}</div>
      <div class="actions">
        <button type="button" class="send-candidate" data-entry="${c.entryId}" ${mine ? '' : 'disabled'}>发送此答案</button>
        <button type="button" class="use-candidate" data-entry="${c.entryId}">填入发送内容</button>
      </div>
    </li>`)}`);
}

/** One listener for the candidates' buttons, however often the list is drawn again. */
function onCandidateClick(event) {
  const button = event.target.closest('button[data-entry]');
  const item = current();
  if (!button || !item) return;
  const candidate = (item.draft.candidates || []).find((c) => c.entryId === button.dataset.entry);
  if (!candidate) return;
  if (button.classList.contains('send-candidate')) {
    act('send-candidate', { entryId: candidate.entryId });
  } else {
    $('edit').value = candidate.answer;
    check();
  }
}

function check() {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(async () => {
    const mine = checkTurn();
    const text = $('edit').value;
    if (!text.trim()) { lastCheck = null; $('warnings').innerHTML = ''; renderDetail(); return; }
    const answer = await api('POST', '/api/compliance/check', { text, kind: 'agent-reply' });
    // the verdict on an older text must not decide whether the current one can be sent
    if (!mine()) return;
    lastCheck = answer.ok ? answer.data : null;
    $('warnings').innerHTML = lastCheck ? html`${lastCheck.hits.map((h) =>
      html`<li class="${h.action === 'BLOCK' ? 'block' : ''}">${h.action === 'BLOCK' ? '不可发送' : '提示'}：${h.explanation}</li>`)}` : '';
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
  $('held').innerHTML = held().length ? html`${held().map((k) => html`<li><a href="#" data-conv="${k}">${k}</a></li>`)}`
    : '<li>无</li>';
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
  const mine = historyTurn();
  const answer = await api('GET', `/api/conversations/${encodeURIComponent(key)}`);
  if (!mine()) return;
  $('conv-history').innerHTML = answer.ok ? turns(answer.data.history) : '';
}

async function conversationAct(action, body) {
  if (!openConversation) return;
  const answer = await api('POST', `/api/conversations/${encodeURIComponent(openConversation)}/${action}`, body);
  $('conv-warnings').innerHTML = answer.data && answer.data.warnings ? html`${answer.data.warnings
    .map((w) => html`<li class="${answer.status === 422 ? 'block' : ''}">${w}</li>`)}` : '';
  if (!answer.ok) {
    $('conv-notice').textContent = failure('操作失败', answer);
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
    // a candidate sent: the customer's question went on the content team's review list as its variant
    const learned = action === 'send-candidate' && answer.data && answer.data.suggestion
      ? '；客户问法已提交为该条目的相似问建议' : '';
    notice({ claim: '已认领', release: '已释放', approve: '已发送', 'send-candidate': '已发送候选答案', reject: '已驳回',
      'take-over': '已接管会话' }[action] + learned
      + (answer.data && answer.data.warnings && answer.data.warnings.length ? '（提示：' + answer.data.warnings.join('；') + '）' : ''));
  } else {
    // a blocked text says which rules stopped it: the hits come as warnings
    const hits = answer.data && answer.data.warnings && answer.data.warnings.length ? '：' + answer.data.warnings.join('；') : '';
    notice(failure('操作失败', answer) + hits, true);
  }
}

function connect() {
  const source = new EventSource('/api/approvals/stream');
  source.addEventListener('queue', (event) => {
    drafts = JSON.parse(event.data);
    $('live').textContent = '实时';
    renderQueue();
  });
  source.onerror = () => { $('live').textContent = '连接中断，重连中…'; checkLogin(); };
  const handoffs = new EventSource('/api/conversations/waiting/stream');
  handoffs.addEventListener('waiting', (event) => {
    waiting = JSON.parse(event.data);
    renderWaiting();
  });
}

async function start() {
  const user = await whoAmI();
  $('signed-in').textContent = user ? user.username : '';
  $('quick').innerHTML = html`${QUICK_REPLIES.map((q) => html`<button type="button">${q}</button>`)}`;
  for (const b of $('quick').children) b.addEventListener('click', () => { $('edit').value = b.textContent; check(); });
  $('edit').addEventListener('input', check);
  $('candidates').addEventListener('click', onCandidateClick);
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
    for (const el of document.querySelectorAll('[data-since]')) el.textContent = waited(el.dataset.since);
  }, 1000);
  connect();
}

start();
