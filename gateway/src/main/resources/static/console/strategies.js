// 经营策略 (智能化经营) on /api/strategies: every strategy with its versions in force, one strategy's JSON to
// edit and save as a new version (the rules' problems per field, the compliance check per message), the
// reviewer's publish and stop (never the author's publish: four eyes), and its A/B test's results with a
// chart of each arm's conversion rate and interval, the same over time (strategies-series.js), and the
// winner promoted into a new version.
import { $, agentName, api, failure, hasRole, html, lastCallWins, notify, pct, redraw, trusted, whoAmI } from './common.js';
import { armColor, hideSeries, loadSeries } from './strategies-series.js';

/** The API's refusals of this page, in Chinese; anything else falls back to the shared words. */
const WORDS = {
  INVALID_STRATEGY: '策略不符合规则，见下方逐项说明',
  INVALID_REQUEST: '请求不正确',
  UNKNOWN_STRATEGY: '没有这个策略',
  UNKNOWN_VERSION: '没有这个版本',
  SAME_PERSON: '不能发布自己撰写的版本：须由另一位运营人员发布（四眼原则）',
  NOT_LATEST: '已有更新的版本：请审核最新版本',
  ALREADY_PUBLISHED: '这个版本已在使用中',
  PUBLISHED_MEANWHILE: '其他人刚刚发布或停止了这个策略：请刷新后再看',
  NOT_COMPLIANT: '话术未通过合规检查，不能发布，见下方各段话术',
  NOT_IN_FORCE: '策略没有在运行',
  NOT_PUBLISHED: '策略尚未发布，还没有试验结果',
  NO_WINNER: '试验还没有胜出组，不能推广',
};

const KINDS = { OUTREACH: '触达（员工确认后发送）', CHURN_WARNING: '流失预警（转人工）' };
const STATES = {
  NOT_ENOUGH_DATA: '数据尚不足：每组满 200 位客户后才作判断',
  NO_WINNER_YET: '暂无胜出组：各组与对照组的差异尚不显著',
  WINNER: '已有胜出组',
  CONTROL_BEST: '对照组最好：没有一组话术优于不发送',
};
const ARM_STATUS = {
  CONTROL: '对照组',
  WINNER: '胜出',
  BETTER_THAN_CONTROL: '优于对照',
  NO_DIFFERENCE_YET: '差异尚不显著',
  WORSE_THAN_CONTROL: '差于对照',
  STOPPED: '明显更差，已停止',
};
const STEPS = ['ASSIGNED', 'SENT', 'CONFIRMED', 'DELIVERED', 'REPLIED', 'CONVERTED', 'CHURNED'];

const when = (iso) => (iso ? iso.replace('T', ' ').slice(0, 16) : '');
const interval = (ci) => (ci ? `${pct(ci[0])} ~ ${pct(ci[1])}` : '');
const signedPct = (x) => (x > 0 ? '+' : '') + pct(x);
const strategyPath = (id) => '/api/strategies/' + encodeURIComponent(id);

let opened = null; // the history of the strategy in the editor ({id, versions, publications})
let samples = [];
const listTurn = lastCallWins();
const openTurn = lastCallWins();
const resultsTurn = lastCallWins();

function refused(what, answer) {
  const words = answer.data && WORDS[answer.data.reason];
  return words ? `${what}（${answer.status}）：${words}` : failure(what, answer);
}

/** The JSON of a kept version, or null when it does not read (it always should: it was checked when kept). */
function parsed(spec) {
  try { return JSON.parse(spec); } catch (e) { return null; }
}

const latestOf = (h) => (h && h.versions.length ? h.versions[h.versions.length - 1] : null);
const currentOf = (h) => (h && h.publications.length ? h.publications[h.publications.length - 1] : null);

function stateWords(publication) {
  if (!publication) return html`<span class="pending">未发布</span>`;
  return publication.active ? html`<span class="active">运行中</span>` : html`<span class="stopped">已停止</span>`;
}

async function loadList() {
  const mine = listTurn();
  const answer = await api('GET', '/api/strategies');
  if (!mine()) return;
  if (!answer.ok) {
    redraw($('strategies'), html`<tr><td colspan="6">—</td></tr>`);
    notify('list-notice', refused('无法读取策略', answer), true);
    return;
  }
  notify('list-notice', '');
  redraw($('strategies'), answer.data.length ? html`${answer.data.map((s) => {
    const spec = parsed(s.latest.spec) || {};
    const p = s.inForce;
    const pending = !p || p.version !== s.latest.version;
    return html`<tr data-id="${s.id}" class="${opened && opened.id === s.id ? 'selected' : ''}">
      <td>${s.name}<br><span class="id">${s.id}</span></td>
      <td class="kind">${KINDS[spec.kind] || spec.kind || '—'}</td>
      <td class="latest">v${s.latest.version}${pending ? html` <span class="pending">待审核</span>` : ''}</td>
      <td class="in-force">${p ? `v${p.version}` : '—'}</td>
      <td class="state">${stateWords(p)}</td>
      <td class="who">${s.latest.author}${p ? ` / ${p.reviewer}` : ''}</td></tr>`;
  })}` : html`<tr><td colspan="6">还没有策略${hasRole('OPERATIONS') ? '：以示例新建一个。' : '。'}</td></tr>`);
}

async function loadSamples() {
  const answer = await api('GET', '/api/strategies/samples');
  if (!answer.ok) { notify('list-notice', refused('无法读取示例', answer), true); return; }
  samples = answer.data;
  $('sample').innerHTML = html`${samples.map((s) => html`<option value="${s.file}">${(parsed(s.spec) || {}).name || s.file}（${s.file}）</option>`)}`;
}

/** Opens a strategy: its latest version in the editor, its results beside it. */
async function open(id) {
  const mine = openTurn();
  const answer = await api('GET', strategyPath(id));
  if (!mine()) return;
  if (!answer.ok) { notify('list-notice', refused('无法打开策略', answer), true); return; }
  if (!opened || opened.id !== id) {
    clearFindings();
    hideSeries();
  }
  opened = answer.data;
  $('editor').hidden = false;
  $('editor-id').textContent = id;
  $('spec').value = latestOf(opened).spec;
  describe();
  loadList();
  loadResults();
}

/** A sample in the editor: nothing is kept until it is saved (under the id its JSON says). */
function openSample(file) {
  const sample = samples.find((s) => s.file === file);
  if (!sample) return;
  opened = null;
  clearFindings();
  $('editor').hidden = false;
  $('results-panel').hidden = true;
  $('editor-id').textContent = `示例 ${file}`;
  $('spec').value = sample.spec;
  $('editor-facts').textContent = '示例尚未保存：改好 id 与内容后「保存为新版本」。';
  $('publish').disabled = true;
  $('stop').disabled = true;
  $('publish-hint').textContent = '';
  for (const tr of $('strategies').rows) tr.classList.remove('selected');
}

function clearFindings() {
  notify('editor-notice', '');
  $('problems').innerHTML = '';
  $('checks-box').hidden = true;
}

/** What the editor shows of the strategy: the version edited, the one in force, who may publish. */
function describe() {
  const latest = latestOf(opened);
  const current = currentOf(opened);
  const inForce = current ? `v${current.version}${current.active ? ' 运行中' : ' 已停止'}（${current.author} 撰写，${current.reviewer} ${current.active ? '发布' : '停止'}于 ${when(current.at)}）` : '尚未发布';
  $('editor-facts').textContent = `编辑的是最新版本 v${latest.version}（${latest.author} 撰写于 ${when(latest.at)}）；在用：${inForce}。`;
  let hint = '';
  if (current && current.version === latest.version && current.active) hint = `最新版本 v${latest.version} 已在运行。`;
  else if (latest.author === agentName()) hint = `v${latest.version} 由您撰写：须由另一位运营人员发布（四眼原则）。`;
  $('publish').disabled = !!hint;
  $('publish').textContent = `审核通过并发布 v${latest.version}`;
  $('publish-hint').textContent = hint;
  $('stop').disabled = !(current && current.active);
}

/** Where a check is, in words: the default message, or an arm's (named from the JSON). */
function place(key, spec) {
  if (key === 'message') return '默认话术';
  const m = /^arms\[(\d+)\]\.message$/.exec(key);
  const arm = m && spec && Array.isArray(spec.arms) ? spec.arms[Number(m[1])] : null;
  return arm ? `分组 ${arm.name} 的话术` : key;
}

function showChecks(checks, spec) {
  const entries = Object.entries(checks || {});
  $('checks-box').hidden = false;
  $('checks').innerHTML = entries.length ? html`${entries.map(([key, c]) => {
    const pass = c.action === 'PASS';
    return html`<li data-check="${key}">${place(key, spec)}（<code>${key}</code>）：<span class="verdict${pass ? '' : ' refused'}">${c.action}</span>
      ${pass ? '通过' : html`未通过：${c.rules.join('、')}`}</li>`;
  })}` : html`<li>没有话术（流失预警转人工，不发送消息）。</li>`;
}

/** The rules' problems, each "field: what is wrong", one line per field. */
function showProblems(problems) {
  $('problems').innerHTML = html`${problems.map((p) => {
    const at = p.indexOf(': ');
    const field = at > 0 ? p.slice(0, at) : '';
    return html`<li data-field="${field}">${field ? html`<code>${field}</code>：${p.slice(at + 2)}` : p}</li>`;
  })}`;
}

async function save() {
  clearFindings();
  let spec;
  try {
    spec = JSON.parse($('spec').value);
  } catch (e) {
    notify('editor-notice', `不是有效的 JSON：${e.message}`, true);
    return;
  }
  const id = spec && typeof spec.id === 'string' ? spec.id.trim() : '';
  if (!id) { notify('editor-notice', '请在 JSON 中填写 id（策略编号）。', true); return; }
  if (opened && id !== opened.id && !confirm(`JSON 的 id 是 ${id}，不是打开的 ${opened.id}：保存为策略 ${id} 的新版本？`)) return;
  const answer = await api('POST', strategyPath(id) + '/versions', $('spec').value, 'application/json');
  if (!answer.ok) {
    notify('editor-notice', refused('保存失败', answer), true);
    if (answer.data && Array.isArray(answer.data.problems)) showProblems(answer.data.problems);
    return;
  }
  await open(id);
  notify('editor-notice', `已保存 v${answer.data.draft.version}：须由另一位运营人员审核发布。`);
  showChecks(answer.data.checks, spec);
}

async function publish() {
  const latest = latestOf(opened);
  const answer = await api('POST', strategyPath(opened.id) + '/publish', { version: latest.version });
  if (!answer.ok) {
    notify('editor-notice', refused('发布失败', answer), true);
    if (answer.data && answer.data.checks) showChecks(answer.data.checks, parsed(latest.spec));
    return;
  }
  await open(opened.id);
  notify('editor-notice', `已发布 v${answer.data.version}：几秒内在各实例生效。`);
}

async function stop() {
  if (!confirm(`停止策略 ${opened.id}？停止后不再纳入新客户（已发出的继续统计）。`)) return;
  const answer = await api('POST', strategyPath(opened.id) + '/stop');
  if (!answer.ok) { notify('editor-notice', refused('停止失败', answer), true); return; }
  await open(opened.id);
  notify('editor-notice', `已停止 v${answer.data.version}。`);
}

/** Each arm's conversion rate as a dot with its 95 % interval as an error bar, the control's rate as a dashed line. */
function rateChart(arms) {
  const width = 420, height = 200, left = 46, bottom = 24, top = 10;
  const top95 = Math.max(0.01, ...arms.map((a) => a.ci95[1]));
  // the axis ends at a round share above the highest interval
  const step = top95 > 0.2 ? 0.1 : top95 > 0.05 ? 0.05 : 0.01;
  const max = Math.ceil(top95 / step) * step;
  const y = (v) => top + (1 - v / max) * (height - top - bottom);
  const slot = (width - left - 10) / arms.length;
  const x = (i) => left + slot * (i + 0.5);
  const ticks = [0, max / 2, max];
  const control = arms.find((a) => a.control);
  const parts = [];
  for (const t of ticks) {
    parts.push(`<line x1="${left}" y1="${y(t).toFixed(1)}" x2="${width - 10}" y2="${y(t).toFixed(1)}" stroke="#eee"/>`
      + `<text x="${left - 4}" y="${(y(t) + 4).toFixed(1)}" font-size="11" text-anchor="end">${pct(t)}</text>`);
  }
  if (control) {
    parts.push(`<line x1="${left}" y1="${y(control.conversionRate).toFixed(1)}" x2="${width - 10}" y2="${y(control.conversionRate).toFixed(1)}" stroke="#888" stroke-dasharray="4 3" data-control-line="1"/>`);
  }
  arms.forEach((a, i) => {
    const color = armColor(i, a.control);
    const cx = x(i).toFixed(1), lo = y(a.ci95[0]).toFixed(1), hi = y(a.ci95[1]).toFixed(1), c = y(a.conversionRate).toFixed(1);
    parts.push(html`<g data-arm="${a.arm}"><title>${a.arm}：${pct(a.conversionRate)}（${interval(a.ci95)}）</title>
      <line x1="${cx}" y1="${lo}" x2="${cx}" y2="${hi}" stroke="${color}" stroke-width="2" class="error-bar"/>
      <line x1="${(x(i) - 8).toFixed(1)}" y1="${lo}" x2="${(x(i) + 8).toFixed(1)}" y2="${lo}" stroke="${color}" stroke-width="2"/>
      <line x1="${(x(i) - 8).toFixed(1)}" y1="${hi}" x2="${(x(i) + 8).toFixed(1)}" y2="${hi}" stroke="${color}" stroke-width="2"/>
      <circle cx="${cx}" cy="${c}" r="4" fill="${color}"/>
      <text x="${cx}" y="${height - 6}" font-size="11" text-anchor="middle">${a.arm}</text></g>`.toString());
  });
  parts.push(`<line x1="${left}" y1="${y(0).toFixed(1)}" x2="${width - 10}" y2="${y(0).toFixed(1)}" stroke="#999"/>`);
  return trusted(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="各组转化率与 95% 区间">${parts.join('')}</svg>`);
}

function armRow(a, winner) {
  const c = a.counts || {};
  return html`<tr data-arm="${a.arm}" class="${a.arm === winner ? 'winner-row' : ''}">
    <td class="text">${a.arm}${a.control ? '（对照组）' : ''}</td>
    ${STEPS.map((s) => html`<td data-step="${s}">${a.control && ['SENT', 'CONFIRMED', 'DELIVERED'].includes(s) ? '—' : (c[s] || 0)}</td>`)}
    <td class="rate">${pct(a.conversionRate)}（${interval(a.ci95)}）</td>
    <td class="lift">${a.liftVsControl === null ? '—' : html`${signedPct(a.liftVsControl)}（${interval(a.liftCi95)}）`}</td>
    <td class="text status">${ARM_STATUS[a.status] || a.status}</td></tr>`;
}

async function loadResults() {
  if (!opened) return;
  const mine = resultsTurn();
  const id = opened.id;
  const answer = await api('GET', strategyPath(id) + '/results');
  if (!mine() || !opened || opened.id !== id) return;
  $('results-panel').hidden = false;
  $('promote-box').hidden = true;
  if (!answer.ok) {
    $('state').textContent = '';
    $('state-facts').textContent = '';
    $('arms').tBodies[0].innerHTML = '';
    $('chart').innerHTML = '';
    hideSeries();
    notify('results-notice', answer.status === 404 ? '策略尚未发布，还没有试验结果。' : refused('无法读取试验结果', answer),
      answer.status !== 404);
    return;
  }
  notify('results-notice', '');
  const r = answer.data;
  const current = currentOf(opened);
  $('state').className = r.state === 'WINNER' ? 'winner' : '';
  // a churn warning's arms are read by 留存 (not 流失): the better arm has the higher rate either way
  const rate = r.metric === 'RETENTION' ? '留存率' : '转化率';
  $('rate-head').textContent = `${rate}（95% 区间）`;
  $('chart-title').textContent = `各组${rate}与 95% 区间`;
  $('series-rate-title').textContent = `各组累计${rate}（阴影为 95% 区间）`;
  $('rate-facts').textContent = r.metric === 'RETENTION'
    ? '留存率 = 分配到该组、且在 churnDays 内未删除员工的客户占比（对照组即不预警时的留存）；提升 = 该组留存率 − 对照组留存率，其区间对多组比较作了校正。每组满 200 位客户前不作判断；胜出须区间不含 0。'
    : '转化率按分配到该组的客户计（对照组即不发送时的转化）；提升 = 该组转化率 − 对照组转化率，其区间对多组比较作了校正。每组满 200 位客户前不作判断；胜出须区间不含 0，明显更差的组会被停止。';
  $('state').textContent = r.state === 'WINNER' ? `胜出组：${r.winner}（${rate}显著高于对照组）` : STATES[r.state] || r.state;
  const assigned = r.arms.reduce((n, a) => n + ((a.counts || {}).ASSIGNED || 0), 0);
  $('state-facts').textContent = `v${current ? current.version : '?'} 的试验${current && !current.active ? '（策略已停止，已发出的继续统计）' : ''}：共 ${assigned} 位客户；`
    + `提升区间的置信度 ${pct(r.liftConfidence)}（多组比较合计 95%）。`;
  $('arms').tBodies[0].innerHTML = html`${r.arms.map((a) => armRow(a, r.winner))}`;
  $('chart').innerHTML = rateChart(r.arms);
  $('promote-box').hidden = !(r.state === 'WINNER' && hasRole('OPERATIONS'));
  loadSeries(id);
}

async function promote() {
  const id = opened.id;
  const answer = await api('POST', strategyPath(id) + '/promote');
  if (!answer.ok) { notify('results-notice', refused('推广失败', answer), true); return; }
  await open(id);
  notify('editor-notice', `已生成 v${answer.data.draft.version}：对照组 1 成、胜出组 9 成；须由另一位运营人员审核发布。`);
  showChecks(answer.data.checks, parsed(answer.data.draft.spec));
}

await whoAmI();
const writer = hasRole('OPERATIONS');
$('write-actions').hidden = !writer;
$('from-sample-form').hidden = !writer;
$('spec').readOnly = !writer;
$('reload').addEventListener('click', loadList);
$('reload-results').addEventListener('click', loadResults);
$('strategies').addEventListener('click', (e) => {
  const tr = e.target.closest('tr[data-id]');
  if (tr) open(tr.dataset.id);
});
$('from-sample-form').addEventListener('submit', (e) => { e.preventDefault(); openSample($('sample').value); });
$('save').addEventListener('click', save);
$('publish').addEventListener('click', publish);
$('stop').addEventListener('click', stop);
$('promote').addEventListener('click', promote);
loadList();
if (writer) loadSamples();
