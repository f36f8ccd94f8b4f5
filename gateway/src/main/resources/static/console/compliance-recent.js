// 最近拦截与送审: the latest AI drafts and agents' texts compliance blocked or sent to review,
// with the hits marked in the (masked) text and what happened next.
import { $, api, escapeHtml, highlight } from './common.js';

const sources = { AI_DRAFT: 'AI 草稿', AGENT_REPLY: '坐席文字' };
const nexts = {
  SENT_BY_AGENT: '坐席批准后发送', EDITED_AND_SENT: '坐席修改后发送', REJECTED: '坐席驳回',
  SLA_BREACHED: '审批超时', AWAITING_APPROVAL: '等待坐席审批', HANDED_OFF: '未发送，已转人工', NOT_SENT: '未发送',
};

async function loadRecent() {
  const action = $('recent-action').value;
  const answer = await api('GET', '/api/compliance/recent?limit=50' + (action ? '&action=' + action : ''));
  if (!answer.ok) { $('recent').innerHTML = `<li>无法读取（${answer.status}）</li>`; return; }
  $('recent').innerHTML = answer.data.length ? answer.data.map((d) => `
    <li class="recent-item" data-action="${escapeHtml(d.action)}">
      <div class="facts">${escapeHtml(new Date(d.at).toLocaleString('zh-CN'))} · ${escapeHtml(sources[d.source] || d.source)}
        · ${escapeHtml(d.actor)} · 会话 ${escapeHtml(d.conversation || '—')} · 结论 <strong>${escapeHtml(d.action)}</strong>
        · 后续：<span class="next">${escapeHtml(nexts[d.next] || d.next || '未知')}</span></div>
      ${d.customerText ? `<div class="facts">客户：${escapeHtml(d.customerText)}</div>` : ''}
      <div class="draft-text">${highlight(d.text, d.hits)}</div>
      <ul class="warnings">${d.hits.map((h) => `<li class="${h.action === 'BLOCK' ? 'block' : ''}">${escapeHtml(h.ruleId)}@${h.ruleVersion}
        ${escapeHtml(h.action)}：${escapeHtml(h.explanation)}</li>`).join('')}</ul>
      <div class="facts">规则包 ${escapeHtml(d.packs.join('，'))}</div>
    </li>`).join('') : '<li>最近没有被拦截或送审的文字</li>';
}

$('recent-action').addEventListener('change', loadRecent);
$('recent-refresh').addEventListener('click', loadRecent);
loadRecent();
