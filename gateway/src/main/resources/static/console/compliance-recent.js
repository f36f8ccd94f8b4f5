// 最近检测的文字: the latest AI drafts and agents' texts compliance blocked or sent to review, or
// that passed (a sample), with the hits marked in the (masked) text and what happened next. Each
// can be marked 违规 or 合规 with a category: an exemplar in the draft (see compliance-teach.js).
import { $, api, failure, highlight, html, lastCallWins } from './common.js';
import { categories, categoryOptions, mark } from './compliance-teach.js';

const sources = { AI_DRAFT: 'AI 草稿', AGENT_REPLY: '坐席文字' };
const nexts = {
  SENT_BY_AGENT: '坐席批准后发送', EDITED_AND_SENT: '坐席修改后发送', REJECTED: '坐席驳回',
  SLA_BREACHED: '审批超时', AWAITING_APPROVAL: '等待坐席审批', HANDED_OFF: '未发送，已转人工', NOT_SENT: '未发送',
  SENT: '已发送', AUTO_SEND: '自动发送',
};

/** The category a hit suggests ({@code return-promise.guarantee}, {@code semantic.pressure}), if it is one. */
function suggested(hits, list) {
  for (const h of hits || []) {
    const parts = String(h.ruleId || '').split('.');
    const guess = parts[0] === 'semantic' ? parts[1] : parts[0];
    if (list.includes(guess)) return guess;
  }
  return '';
}

const recentTurn = lastCallWins();

async function loadRecent() {
  const mine = recentTurn();
  const action = $('recent-action').value;
  const [answer, list] = await Promise.all([
    api('GET', '/api/compliance/recent?limit=50' + (action ? '&action=' + encodeURIComponent(action) : '')), categories()]);
  // an older answer arriving after a newer one (the filter changed meanwhile) must not replace it
  if (!mine()) return;
  if (!answer.ok) { $('recent').innerHTML = html`<li>${failure('无法读取', answer)}</li>`; return; }
  // a category the officer already chose survives the list being drawn again
  const chosen = new Map([...$('recent').querySelectorAll('li.recent-item')]
    .map((li) => [li.dataset.key, li.querySelector('.teach-category').value]));
  $('recent').innerHTML = answer.data.length ? html`${answer.data.map((d) => html`
    <li class="recent-item" data-action="${d.action}" data-key="${d.key}">
      <div class="facts">${new Date(d.at).toLocaleString('zh-CN')} · ${sources[d.source] || d.source}
        · ${d.actor} · 会话 ${d.conversation || '—'} · 结论 <strong>${d.action}</strong>
        · 后续：<span class="next">${nexts[d.next] || d.next || '未知'}</span></div>
      ${d.customerText ? html`<div class="facts">客户：${d.customerText}</div>` : ''}
      <div class="draft-text">${highlight(d.text, d.hits)}</div>
      <ul class="warnings">${d.hits.map((h) => html`<li class="${h.action === 'BLOCK' ? 'block' : ''}">${h.ruleId}@${h.ruleVersion}
        ${h.action}：${h.explanation}</li>`)}</ul>
      <div class="facts">规则包 ${d.packs.join('，')}</div>
      <div class="teach"><select class="teach-category">${categoryOptions(list, chosen.get(d.key) || suggested(d.hits, list))}</select>
        <button class="mark" data-label="violation">违规</button><button class="mark" data-label="clean">合规</button>
        <span class="taught"></span></div>
    </li>`)}` : html`<li>${action === 'PASS' ? '最近没有抽样的放行文字' : '最近没有被拦截或送审的文字'}</li>`;
}

async function markRecent(item, label) {
  const category = item.querySelector('.teach-category').value;
  const status = item.querySelector('.taught');
  if (!category) { status.textContent = '先选择类别'; return; }
  const answer = await mark({ recentId: item.dataset.key, label, category, note: '' });
  status.textContent = answer.ok ? `已加入样例草稿：${label === 'violation' ? '违规' : '合规'}`
    : failure('未加入', answer);
}

$('recent').addEventListener('click', (e) => {
  const button = e.target.closest('button.mark');
  if (button) markRecent(button.closest('li.recent-item'), button.dataset.label);
});
$('recent-action').addEventListener('change', loadRecent);
$('recent-refresh').addEventListener('click', loadRecent);
loadRecent();
