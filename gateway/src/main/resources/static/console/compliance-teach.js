// 教会合规检查: the officer's draft (exemplars marked on this page, an edited rule pack), measured on
// the labelled set before → after and published behind the regression gate. The measurement runs
// on the server as a job; this polls its progress, shows the figures of both parts and the rows
// whose outcome changed, and asks for a reason when recall or clean pass drops beyond the margin.
import { $, api, failure, html, notify, pct } from './common.js';

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

/** The options of a category select (markup: every value escaped by html``). */
export function categoryOptions(list, selected) {
  return html`<option value="">选择类别…</option>${list.map((c) => html`<option value="${c}"${c === selected ? html` selected` : ''}>
    ${names[c] ? names[c] + ' ' + c : c}</option>`)}`;
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
  if (!answer.ok) { $('exemplars').innerHTML = html`<li>${failure('无法读取', answer)}</li>`; return; }
  $('exemplar-count').textContent = `草稿中 ${answer.data.length} 条样例（发布前不生效）`;
  $('exemplars').innerHTML = answer.data.length ? html`${answer.data.map((e) => html`
    <li data-id="${e.id}">
      <span class="label-${e.label === 'violation' ? 'violation' : 'clean'}">${e.label === 'violation' ? '违规' : '合规'}</span>
      · ${names[e.category] || e.category} · ${e.by}
      <button class="forget" data-id="${e.id}">移出草稿</button>
      <div class="draft-text">${e.text}</div>
      ${e.note ? html`<div class="facts">说明：${e.note}</div>` : ''}
    </li>`)}` : html`<li>草稿中还没有样例：在上方最近的文字里标注违规或合规</li>`;
}

async function forget(id) {
  const answer = await api('DELETE', '/api/compliance/exemplars/' + encodeURIComponent(id));
  if (!answer.ok && answer.status !== 404) { notify('cs-notice', failure('无法移出', answer), true); return; }
  document.dispatchEvent(new CustomEvent('draft-changed'));
}

// ---- the rule pack ----------------------------------------------------------------------------------

async function loadPack() {
  const answer = await api('GET', '/api/compliance/rule-pack');
  if (!answer.ok) { notify('pack-notice', failure('无法读取规则包', answer), true); return; }
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
    notify('pack-notice', failure('未保存', answer), true);
    return;
  }
  notify('pack-notice', `已校验并保存草稿：${answer.data.id} 版本 ${answer.data.version}，${answer.data.rules} 条规则`);
  $('pack-discard').disabled = false;
  document.dispatchEvent(new CustomEvent('draft-changed'));
}

async function discardPack() {
  const answer = await api('DELETE', '/api/compliance/rule-pack/draft');
  if (!answer.ok && answer.status !== 404) { notify('pack-notice', failure('无法放弃草稿', answer), true); return; }
  await loadPack();
  notify('pack-notice', '已放弃规则包草稿');
  document.dispatchEvent(new CustomEvent('draft-changed'));
}

// ---- measuring and publishing -----------------------------------------------------------------------

let measurement = null;
const say = (text, error) => notify('cs-notice', text, error);

/**
 * The measurement's refusals in the officer's words: the gate shares reason codes with the knowledge
 * base's (REGRESSION, STALE_CHANGE_SET) but measures recall and clean pass, not accuracy@1.
 */
const gateReasons = {
  NOTHING_TO_MEASURE: '草稿是空的：先标注违规或合规的文字，或保存规则包草稿',
  MEASUREMENT_RUNNING: '另一次测量正在进行，请等它完成',
  NOT_MEASURED: '请先测量草稿，再发布',
  UNKNOWN_MEASUREMENT: '没有这次测量（测量只保存在运行它的实例上）：请重新测量',
  MEASUREMENT_NOT_DONE: '测量尚未完成或已失败：请重新测量',
  STALE_CHANGE_SET: '测量之后草稿或线上版本有变化：请重新测量',
  REGRESSION: '检出率或合规放行率下降超过允许范围：需要填写理由才能发布',
};
const gateFailure = (what, answer) => {
  const reason = answer.data && gateReasons[answer.data.reason];
  return reason ? `${what}（${answer.status}）：${reason}` : failure(what, answer);
};

async function loadChangeSet() {
  const answer = await api('GET', '/api/compliance/change-set');
  if (!answer.ok) { $('cs-summary').textContent = failure('无法读取', answer); return; }
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
    say(gateFailure('无法测量', answer), true);
    $('cs-measure').disabled = false;
    return;
  }
  measurement = answer.data;
  poll();
}

async function poll() {
  const answer = await api('GET', '/api/compliance/change-set/measure/' + encodeURIComponent(measurement.id));
  if (!answer.ok) { say(gateFailure('测量读取失败', answer), true); $('cs-measure').disabled = false; return; }
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
  return html`<h4>${title}</h4><ul class="warnings">${rows.map((r) => html`<li>${r.label === 'violation' ? '违规' : '合规'}
    · ${names[r.category] || r.category}：${r.text}（期望 ${r.expected}，实际 ${r.actual}
    ${r.rules.length ? '，命中 ' + r.rules.join('，') : ''}）</li>`)}</ul>`;
}

function render(run) {
  const drop = (d) => d > run.maxDrop + 1e-9;
  const dropped = html` class="drop"`;
  const table = Object.entries(run.parts).map(([key, p]) => html`
    <tr data-part="${key}"><td>${parts[key] || key}（${p.before.violations} 违规 / ${p.before.clean} 合规）</td>
      <td${drop(p.recallDrop) ? dropped : ''}>${pct(p.before.recall)} → ${pct(p.after.recall)}</td>
      <td${drop(p.cleanPassDrop) ? dropped : ''}>${pct(p.before.cleanPass)} → ${pct(p.after.cleanPass)}</td></tr>`);
  const changed = Object.entries(run.parts).map(([key, p]) => [
    changedRows(`${parts[key] || key}：发布后判错的`, p.newlyMissed),
    changedRows(`${parts[key] || key}：发布后判对的`, p.newlyRight)]).flat().filter(Boolean);
  $('cs-result').innerHTML = html`
    <table id="cs-figures"><thead><tr><th>标注集</th><th>检出率（当前 → 发布后）</th><th>合规放行率（当前 → 发布后）</th></tr></thead>
      <tbody>${table}</tbody></table>
    <p class="facts">候选：${run.packs.join('，')}；样例 ${run.exemplarVersion}。
      调优集即语义层样例的来源，其数字偏高；保留集由另一位作者编写，反映真实水平。</p>
    ${changed.length ? changed : html`<p>没有标注文字的结果改变</p>`}`;
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
    say(gateFailure('发布被拒绝', answer), true);
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
    : failure('未加入', answer), !answer.ok);
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
