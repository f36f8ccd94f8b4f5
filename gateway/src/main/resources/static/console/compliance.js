// The compliance officer's page: the rule packs in force, and a verdict on any text.
import { $, api, escapeHtml, highlight, whoAmI } from './common.js';

async function loadPacks() {
  const answer = await api('GET', '/api/compliance/packs');
  if (!answer.ok) { $('pack-list').textContent = '无法读取规则包（' + answer.status + '）'; return; }
  $('pack-list').innerHTML = answer.data.map((pack) => `
    <h3>${escapeHtml(pack.id)} <small>版本 ${escapeHtml(pack.version)} · ${escapeHtml(pack.owner || '')}</small></h3>
    <table><thead><tr><th>规则</th><th>动作</th><th>级别</th><th>适用</th><th>说明</th><th>依据</th></tr></thead><tbody>
    ${pack.rules.map((r) => `<tr${r.enabled ? '' : ' style="opacity:.5"'}><td>${escapeHtml(r.id)}@${escapeHtml(r.version)}</td><td>${escapeHtml(r.action)}</td>
      <td>${escapeHtml(r.severity)}</td><td>${escapeHtml(r.appliesTo.join(', '))}</td><td>${escapeHtml(r.description)}</td>
      <td>${escapeHtml(r.legalBasis || '')}</td></tr>`).join('')}
    </tbody></table>`).join('');
}

async function check() {
  const text = $('text').value;
  if (!text.trim()) return;
  const answer = await api('POST', '/api/compliance/check', { text, kind: $('kind').value });
  if (!answer.ok) { $('verdict').textContent = '检测失败：' + (answer.data ? answer.data.message : answer.status); return; }
  const v = answer.data;
  $('verdict').innerHTML = `结论：<strong id="action">${escapeHtml(v.action)}</strong>（规则包 ${escapeHtml(v.packs.join('，'))}）`;
  $('marked').innerHTML = highlight(text, v.hits);
  $('hits').innerHTML = v.hits.map((h) => `<li class="${h.action === 'BLOCK' ? 'block' : ''}">${escapeHtml(h.ruleId)}@${escapeHtml(h.ruleVersion)}
    ${escapeHtml(h.action)}：${escapeHtml(h.explanation)}${h.legalBasis ? '（' + escapeHtml(h.legalBasis) + '）' : ''}</li>`).join('');
}

whoAmI();
$('check').addEventListener('click', check);
// a publication changes the packs in force
document.addEventListener('compliance-published', loadPacks);
loadPacks();
