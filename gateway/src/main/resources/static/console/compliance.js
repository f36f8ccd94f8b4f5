// The compliance officer's page: the rule packs in force, and a verdict on any text.
import { $, api, failure, highlight, html, trusted, whoAmI } from './common.js';

async function loadPacks() {
  const answer = await api('GET', '/api/compliance/packs');
  if (!answer.ok) { $('pack-list').textContent = failure('无法读取规则包', answer); return; }
  $('pack-list').innerHTML = html`${answer.data.map((pack) => html`
    <h3>${pack.id} <small>版本 ${pack.version} · ${pack.owner || ''}</small></h3>
    <table><thead><tr><th>规则</th><th>动作</th><th>级别</th><th>适用</th><th>说明</th><th>依据</th></tr></thead><tbody>
    ${pack.rules.map((r) => html`<tr${r.enabled ? '' : trusted(' style="opacity:.5"')}><td>${r.id}@${r.version}</td><td>${r.action}</td>
      <td>${r.severity}</td><td>${r.appliesTo.join(', ')}</td><td>${r.description}</td>
      <td>${r.legalBasis || ''}</td></tr>`)}
    </tbody></table>`)}`;
}

async function check() {
  const text = $('text').value;
  if (!text.trim()) return;
  const answer = await api('POST', '/api/compliance/check', { text, kind: $('kind').value });
  if (!answer.ok) { $('verdict').textContent = failure('检测失败', answer); return; }
  const v = answer.data;
  $('verdict').innerHTML = html`结论：<strong id="action">${v.action}</strong>（规则包 ${v.packs.join('，')}）`;
  $('marked').innerHTML = highlight(text, v.hits);
  $('hits').innerHTML = html`${v.hits.map((h) => html`<li class="${h.action === 'BLOCK' ? 'block' : ''}">${h.ruleId}@${h.ruleVersion}
    ${h.action}：${h.explanation}${h.legalBasis ? `（${h.legalBasis}）` : ''}</li>`)}`;
}

whoAmI();
$('check').addEventListener('click', check);
// a publication changes the packs in force
document.addEventListener('compliance-published', loadPacks);
loadPacks();
