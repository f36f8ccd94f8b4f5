// 发布变更集: the entries in review are published together, behind the regression gate. The
// evaluation runs on the server as a job; this polls its progress, shows the figures before and
// after and the questions that changed, and asks for a reason when accuracy drops beyond the margin.
import { $, api, failure, html, notify, pct } from './common.js';

const points = (x) => (x * 100).toFixed(1);
/** The evaluation's stage codes (the API answers them in English) as the page words them. */
const STAGES = {
  QUEUED: '排队中',
  INDEXING_SERVED: '正在为当前线上版本建立临时索引',
  EVALUATING_SERVED: '正在评估当前线上版本',
  INDEXING_CHANGE_SET: '正在为发布变更集后的版本建立临时索引',
  EVALUATING_CHANGE_SET: '正在评估发布变更集后的版本',
  DONE: '完成',
  FAILED: '失败',
};
let evaluation = null;

const say = (text, error) => notify('cs-notice', text, error);

async function loadChangeSet() {
  const answer = await api('GET', '/api/kb/change-sets/current');
  if (!answer.ok) { $('cs-entries').innerHTML = html`<li>${failure('无法读取', answer)}</li>`; return; }
  const cs = answer.data;
  $('cs-margin').textContent = `回归问题 ${cs.regressionQueries} 条；准确率@1 最多允许下降 ${points(cs.maxAccuracyDrop)} 个百分点`
    + (cs.required ? '；本系统要求所有内容经变更集发布' : '');
  // assist.kb.regression.required: the server refuses publishing one entry, so the editor's button goes
  $('publish').disabled = cs.required;
  $('publish').title = cs.required ? '单条发布已关闭：提交审核后，在“发布变更集”中评估并发布' : '';
  $('cs-entries').innerHTML = cs.entries.length
    ? html`${cs.entries.map((m) => html`<li><strong>${m.id}</strong> v${m.version} ${m.question}
        <small>${m.servedVersion ? '替换线上 v' + m.servedVersion : '新条目'}</small></li>`)}`
    : '<li>没有审核中的条目</li>';
}

async function evaluate() {
  $('cs-evaluate').disabled = true;
  $('cs-publish').disabled = true;
  $('cs-override').hidden = true;
  $('cs-result').innerHTML = '';
  say('');
  await loadChangeSet();
  const answer = await api('POST', '/api/kb/change-sets/evaluations');
  if (!answer.ok) {
    say(failure('无法评估', answer), true);
    $('cs-evaluate').disabled = false;
    return;
  }
  evaluation = answer.data;
  poll();
}

async function poll() {
  const answer = await api('GET', '/api/kb/change-sets/evaluations/' + encodeURIComponent(evaluation.id));
  if (!answer.ok) { say(failure('评估读取失败', answer), true); $('cs-evaluate').disabled = false; return; }
  evaluation = answer.data;
  $('cs-progress').value = evaluation.progress;
  $('cs-stage').textContent = `${STAGES[evaluation.stage] || evaluation.stage} ${Math.round(evaluation.progress * 100)}%`;
  if (evaluation.state === 'RUNNING') { setTimeout(poll, 400); return; }
  $('cs-evaluate').disabled = false;
  if (evaluation.state === 'FAILED') { say('评估失败：' + evaluation.error, true); return; }
  render(evaluation);
}

function render(run) {
  const r = run.result;
  const row = (name, key) => html`<tr><td>${name}</td><td>${pct(r.before[key])}</td><td>${pct(r.after[key])}</td></tr>`;
  const mrr = html`<tr><td>MRR</td><td>${r.before.mrr.toFixed(3)}</td><td>${r.after.mrr.toFixed(3)}</td></tr>`;
  const drop = r.accuracyDrop > 0
    ? html`准确率@1 下降 <strong id="cs-drop">${points(r.accuracyDrop)}</strong> 个百分点`
    : html`准确率@1 未下降（<strong id="cs-drop">${points(-r.accuracyDrop)}</strong> 个百分点提升）`;
  const changed = r.changed.map((c) => html`<li class="${c.change === 'LOST' ? 'block' : ''}">
      ${c.change === 'LOST' ? '答错了' : '答对了'}：“${c.query}” 期望 ${c.expectedId}，
      发布后首位 ${c.topAfter || '无'}（发布前 ${c.topBefore || '无'}）</li>`);
  $('cs-result').innerHTML = html`
    <table><thead><tr><th>指标</th><th>当前线上</th><th>发布变更集后</th></tr></thead><tbody>
      ${row('准确率@1', 'accuracyAt1')}${row('命中@3', 'hitAt3')}${mrr}</tbody></table>
    <p>${drop}（${r.before.queries} 个回归问题；允许 ${points(run.maxAccuracyDrop)}）</p>
    <h3>变化的问题</h3><ul class="warnings" id="cs-changed">${changed.length ? changed : html`<li>没有问题的结果改变</li>`}</ul>`;
  $('cs-override').hidden = !r.exceedsMargin;
  $('cs-publish').disabled = false;
  if (r.exceedsMargin) say('准确率下降超过允许范围：发布需要填写理由（强制发布会记入审计）', true);
}

async function publish() {
  if (!evaluation || evaluation.state !== 'DONE') return;
  const reason = $('cs-reason').value.trim();
  const body = { evaluationId: evaluation.id };
  // The server decides whether the drop needs an override; a reason given is sent as one.
  if (evaluation.result.exceedsMargin && reason) { body.override = true; body.reason = reason; }
  const answer = await api('POST', '/api/kb/change-sets/publish', body);
  if (!answer.ok) {
    say(failure('发布被拒绝', answer), true);
    if (answer.data && answer.data.reason === 'STALE_CHANGE_SET') loadChangeSet();
    return;
  }
  say(`已发布变更集：${answer.data.published.join('，')}${answer.data.overridden ? '（强制发布，理由已记入审计）' : ''}`);
  evaluation = null;
  $('cs-publish').disabled = true;
  $('cs-override').hidden = true;
  $('cs-reason').value = '';
  loadChangeSet();
}

$('cs-refresh').addEventListener('click', loadChangeSet);
$('cs-evaluate').addEventListener('click', evaluate);
$('cs-publish').addEventListener('click', publish);
loadChangeSet();
