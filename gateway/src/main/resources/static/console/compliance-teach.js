// 教会合规检查: the officer's draft (exemplars marked on this page, an edited rule pack), measured on
// the labelled set before → after and published behind the regression gate. The measurement runs
// on the server as a job; this polls its progress, shows the figures of both parts and the rows
// whose outcome changed, and asks for a reason when recall or clean pass drops beyond the margin.
import { $, api, escapeHtml, notify, pct } from './common.js';

const names = {
  'return-promise': '承诺收益', suitability: '适当性', inducement: '不当利益', 'credit-misconduct': '信贷违规',
  'risk-notice-missing': '缺风险提示', 'credentials-request': '索要密码验证码', disparagement: '诋毁同业',
  'unlicensed-investment': '非法投资推介', 'off-channel': '飞单私下交易', 'aml-structuring': '拆分规避反洗钱',
  'abusive-language': '辱骂客户', 'deposit-insurance-false': '存款保险误导', superlative: '绝对化用语',
  'false-endorsement': '虚假背书', pressure: '催促购买',
};
const parts = { tune: '调优集', heldBack: '保留集' };
const points = (x) => (x * 100).toFixed(1);

let categoryList = null;

/** The categories an exemplar may carry (fetched once). */
export async function categories() {
  if (!categoryList) {
    const answer = await api('GET', '/api/compliance/categories');
    categoryList = answer.ok ? answer.data : [];
  }
  return categoryList;
}

/** The options of a category select, every value escaped. */
export function categoryOptions(list, selected) {
  return '<option value="">选择类别…</option>' + list.map((c) => `<option value="${escapeHtml(c)}"${c === selected ? ' selected' : ''}>
    ${escapeHtml(names[c] ? names[c] + ' ' + c : c)}</option>`).join('');
}

/** Adds an exemplar to the draft; the answer as {ok, status, data}. Tells the page the draft changed. */
export async function mark(body) {
  const answer = await api('POST', '/api/compliance/exemplars', body);
  if (answer.ok) document.dispatchEvent(new CustomEvent('draft-changed'));
  return answer;
}

// ---- the draft's exemplars --------------------------------------------------------------------------

async function loadExemplars() {
  const answer = await api('GET', '/api/compliance/exemplars');
  if (!answer.ok) { $('exemplars').innerHTML = `<li>无法读取（${escapeHtml(answer.status)}）</li>`; return; }
  $('exemplar-count').textContent = `草稿中 ${answer.data.length} 条样例（发布前不生效）`;
  $('exemplars').innerHTML = answer.data.length ? answer.data.map((e) => `
    <li data-id="${escapeHtml(e.id)}">
      <span class="label-${e.label === 'violation' ? 'violation' : 'clean'}">${e.label === 'violation' ? '违规' : '合规'}</span>
      · ${escapeHtml(names[e.category] || e.category)} · ${escapeHtml(e.by)}
      <button class="forget" data-id="${escapeHtml(e.id)}">移出草稿</button>
      <div class="draft-text">${escapeHtml(e.text)}</div>
      ${e.note ? `<div class="facts">说明：${escapeHtml(e.note)}</div>` : ''}
    </li>`).join('') : '<li>草稿中还没有样例：在上方最近的文字里标注违规或合规</li>';
}

async function forget(id) {
  const answer = await api('DELETE', '/api/compliance/exemplars/' + encodeURIComponent(id));
  if (!answer.ok && answer.status !== 404) { notify('cs-notice', `无法移出（${answer.status}）`, true); return; }
  document.dispatchEvent(new CustomEvent('draft-changed'));
}

// ---- the rule pack ----------------------------------------------------------------------------------

async function loadPack() {
  const answer = await api('GET', '/api/compliance/rule-pack');
  if (!answer.ok) { notify('pack-notice', `无法读取规则包（${answer.status}）`, true); return; }
  const p = answer.data;
  $('pack-facts').textContent = `生效：${p.id} 版本 ${p.version}` + (p.publication ? `（第 ${p.publication} 次发布）` : '（随系统发布）')
    + (p.draft !== null ? '；下方为已保存的草稿' : '；下方为生效的规则包，修改后请改版本号再保存');
  $('pack-yaml').value = p.draft !== null ? p.draft : p.yaml;
  $('pack-discard').disabled = p.draft === null;
  notify('pack-notice', '');
}

async function savePack() {
  const answer = await api('PUT', '/api/compliance/rule-pack/draft', $('pack-yaml').value, 'text/plain');
  if (!answer.ok) {
    notify('pack-notice', `未保存：${answer.data ? answer.data.message : answer.status}`, true);
    return;
  }
  notify('pack-notice', `已校验并保存草稿：${answer.data.id} 版本 ${answer.data.version}，${answer.data.rules} 条规则`);
  $('pack-discard').disabled = false;
  document.dispatchEvent(new CustomEvent('draft-changed'));
}

async function discardPack() {
  const answer = await api('DELETE', '/api/compliance/rule-pack/draft');
  if (!answer.ok && answer.status !== 404) { notify('pack-notice', `无法放弃草稿（${answer.status}）`, true); return; }
  await loadPack();
  notify('pack-notice', '已放弃规则包草稿');
  document.dispatchEvent(new CustomEvent('draft-changed'));
}

// ---- measuring and publishing -----------------------------------------------------------------------

let measurement = null;
const say = (text, error) => notify('cs-notice', text, error);

async function loadChangeSet() {
  const answer = await api('GET', '/api/compliance/change-set');
  if (!answer.ok) { $('cs-summary').textContent = `无法读取（${answer.status}）`; return; }
  const cs = answer.data;
  const published = cs.published
    ? `已发布第 ${cs.published.number} 版（${cs.published.packs.join('，')}；样例 ${cs.published.exemplarVersion}；${cs.published.by}）`
    : '尚未发布过：生效的是随系统发布的规则包与样例';
  $('cs-summary').textContent = `草稿：${cs.exemplars} 条样例${cs.rulePackDraft ? '，规则包已修改' : ''}。${published}。`
    + `检出率或合规放行率在任一部分下降超过 ${points(cs.maxDrop)} 个百分点时，发布需要填写理由。`;
  if (!measurement && cs.measurement && cs.measurement.state === 'RUNNING') { measurement = cs.measurement; poll(); }
}

async function measure() {
  $('cs-measure').disabled = true;
  $('cs-publish').disabled = true;
  $('cs-override').hidden = true;
  $('cs-result').innerHTML = '';
  say('');
  const answer = await api('POST', '/api/compliance/change-set/measure');
  if (!answer.ok) {
    say(`无法测量（${answer.status}）：${answer.data ? answer.data.message : ''}`, true);
    $('cs-measure').disabled = false;
    return;
  }
  measurement = answer.data;
  poll();
}

async function poll() {
  const answer = await api('GET', '/api/compliance/change-set/measure/' + encodeURIComponent(measurement.id));
  if (!answer.ok) { say(`测量读取失败（${answer.status}）`, true); $('cs-measure').disabled = false; return; }
  measurement = answer.data;
  $('cs-progress').value = measurement.progress;
  $('cs-stage').textContent = `${measurement.stage} ${Math.round(measurement.progress * 100)}%`;
  if (measurement.state === 'RUNNING') { $('cs-measure').disabled = true; setTimeout(poll, 500); return; }
  $('cs-measure').disabled = false;
  if (measurement.state === 'FAILED') { say('测量失败：' + measurement.error, true); return; }
  render(measurement);
}

function changedRows(title, rows) {
  if (!rows.length) return '';
  return `<h4>${title}</h4><ul class="warnings">${rows.map((r) => `<li>${escapeHtml(r.label === 'violation' ? '违规' : '合规')}
    · ${escapeHtml(names[r.category] || r.category)}：${escapeHtml(r.text)}（期望 ${escapeHtml(r.expected)}，实际 ${escapeHtml(r.actual)}
    ${r.rules.length ? '，命中 ' + escapeHtml(r.rules.join('，')) : ''}）</li>`).join('')}</ul>`;
}

function render(run) {
  const drop = (d) => d > run.maxDrop + 1e-9;
  const table = Object.entries(run.parts).map(([key, p]) => `
    <tr data-part="${escapeHtml(key)}"><td>${escapeHtml(parts[key] || key)}（${escapeHtml(p.before.violations)} 违规 / ${escapeHtml(p.before.clean)} 合规）</td>
      <td${drop(p.recallDrop) ? ' class="drop"' : ''}>${pct(p.before.recall)} → ${pct(p.after.recall)}</td>
      <td${drop(p.cleanPassDrop) ? ' class="drop"' : ''}>${pct(p.before.cleanPass)} → ${pct(p.after.cleanPass)}</td></tr>`).join('');
  const changed = Object.entries(run.parts).map(([key, p]) =>
    changedRows(`${escapeHtml(parts[key] || key)}：发布后判错的`, p.newlyMissed)
    + changedRows(`${escapeHtml(parts[key] || key)}：发布后判对的`, p.newlyRight)).join('');
  $('cs-result').innerHTML = `
    <table id="cs-figures"><thead><tr><th>标注集</th><th>检出率（当前 → 发布后）</th><th>合规放行率（当前 → 发布后）</th></tr></thead>
      <tbody>${table}</tbody></table>
    <p class="facts">候选：${escapeHtml(run.packs.join('，'))}；样例 ${escapeHtml(run.exemplarVersion)}。
      调优集即语义层样例的来源，其数字偏高；保留集由另一位作者编写，反映真实水平。</p>
    ${changed || '<p>没有标注文字的结果改变</p>'}`;
  $('cs-override').hidden = !run.exceedsMargin;
  $('cs-publish').disabled = false;
  if (run.exceedsMargin) say('检出率或合规放行率下降超过允许范围：发布需要填写理由（会记入审计）', true);
}

async function publish() {
  if (!measurement || measurement.state !== 'DONE') return;
  const body = { measurementId: measurement.id };
  const reason = $('cs-reason').value.trim();
  if (reason) body.reason = reason;
  const answer = await api('POST', '/api/compliance/change-set/publish', body);
  if (!answer.ok) {
    say(`发布被拒绝（${answer.status}）：${answer.data ? answer.data.message : ''}`, true);
    if (answer.data && answer.data.reason === 'REGRESSION') $('cs-override').hidden = false;
    return;
  }
  const p = answer.data;
  say(`已发布第 ${p.number} 版：${p.packs.join('，')}；样例 ${p.exemplarVersion}${p.overridden ? '（超出允许范围，理由已记入审计）' : ''}`);
  measurement = null;
  $('cs-publish').disabled = true;
  $('cs-override').hidden = true;
  $('cs-reason').value = '';
  document.dispatchEvent(new CustomEvent('compliance-published'));
  document.dispatchEvent(new CustomEvent('draft-changed'));
  loadPack();
}

// ---- marking the tester's text ----------------------------------------------------------------------

async function markTested(label) {
  const text = $('text').value.trim();
  if (!text) { notify('tester-notice', '先输入文字', true); return; }
  if (!$('tester-category').value) { notify('tester-notice', '先选择类别', true); return; }
  const answer = await mark({ text, label, category: $('tester-category').value, note: '' });
  notify('tester-notice', answer.ok ? `已加入样例草稿（${label === 'violation' ? '违规' : '合规'}）`
    : `未加入：${answer.data ? answer.data.message : answer.status}`, !answer.ok);
}

document.addEventListener('draft-changed', () => { loadExemplars(); loadChangeSet(); });
$('exemplars').addEventListener('click', (e) => {
  const button = e.target.closest('button.forget');
  if (button) forget(button.dataset.id);
});
$('pack-save').addEventListener('click', savePack);
$('pack-discard').addEventListener('click', discardPack);
$('pack-reload').addEventListener('click', loadPack);
$('cs-refresh').addEventListener('click', loadChangeSet);
$('cs-measure').addEventListener('click', measure);
$('cs-publish').addEventListener('click', publish);
$('tester-violation').addEventListener('click', () => markTested('violation'));
$('tester-clean').addEventListener('click', () => markTested('clean'));
categories().then((list) => { $('tester-category').innerHTML = categoryOptions(list); });
loadExemplars();
loadPack();
loadChangeSet();
