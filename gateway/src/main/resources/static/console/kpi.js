// 客户联系 KPIs: coverage, friends added and lost, churn, WeCom's 1V1 statistics and the 企业群发 execution
// rate per employee, team or branch, day-by-day charts of one row (or the whole bank), CSV export, and for administrators a new run.
import { $, api, failure, hasRole, html, notify, pct, whoAmI } from './common.js';

const rate = (x) => (x === null || x === undefined ? '—' : pct(x));
const num = (x) => (x === null || x === undefined ? '—' : String(x));
const WHO = { employee: '员工', team: '团队', branch: '支行' };
let selected = { by: 'all', key: null, name: '全行' };

function isoDay(date) {
  return new Date(date.getTime() - date.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
}

function query() {
  return `from=${$('from').value}&to=${$('to').value}`;
}

/** A line chart of one or two series over the days; values may be null (no figure that day). */
function lineChart(points, lines, percent) {
  const width = 360, height = 160, pad = 34;
  const values = points.flatMap((p) => lines.map((l) => l.value(p))).filter((v) => v !== null && v !== undefined);
  if (!values.length) return html`<p class="facts">这段时间没有数据。</p>`;
  // a rate is drawn against 100 %: a line at the top means everyone, not the best day
  const max = percent ? 1 : Math.max(1, ...values);
  const x = (i) => pad + (points.length === 1 ? 0 : (i * (width - pad * 2)) / (points.length - 1));
  const y = (v) => height - 10 - (v / max) * (height - 30);
  const paths = lines.map((l) => {
    let d = '';
    points.forEach((p, i) => {
      const v = l.value(p);
      if (v === null || v === undefined) return;
      d += (d ? ' L' : 'M') + x(i).toFixed(1) + ' ' + y(v).toFixed(1);
    });
    return html`<path d="${d}" fill="none" stroke="${l.color}" stroke-width="2" data-line="${l.name}"/>`;
  });
  const dots = lines.map((l) => points.map((p, i) => {
    const v = l.value(p);
    return v === null || v === undefined ? ''
      : html`<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="2.5" fill="${l.color}"><title>${p.day} ${l.name} ${percent ? pct(v) : v}</title></circle>`;
  }));
  return html`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height + 16}" width="100%" role="img">
    ${paths}${dots}
    <line x1="${pad}" y1="${height - 10}" x2="${width - pad}" y2="${height - 10}" stroke="#999"/>
    <text x="2" y="16" font-size="11">${percent ? pct(max) : max}</text>
    <text x="${pad}" y="${height + 12}" font-size="11">${points[0].day}</text>
    <text x="${width - pad}" y="${height + 12}" font-size="11" text-anchor="end">${points[points.length - 1].day}</text></svg>`;
}

/** Two bars a day side by side (friends added, removed by the customer). */
function barChart(points, bars) {
  const width = 360, height = 160, pad = 34;
  const max = Math.max(1, ...points.flatMap((p) => bars.map((b) => b.value(p))));
  const slot = (width - pad * 2) / points.length;
  const bar = Math.max(1, slot / bars.length - 1);
  const rects = points.flatMap((p, i) => bars.map((b, j) => {
    const v = b.value(p);
    const h = (v / max) * (height - 30);
    return v > 0 ? html`<rect x="${(pad + i * slot + j * bar).toFixed(1)}" y="${(height - 10 - h).toFixed(1)}" width="${bar.toFixed(1)}" height="${h.toFixed(1)}" fill="${b.color}" data-bar="${b.name}"><title>${p.day} ${b.name} ${v}</title></rect>` : '';
  }));
  return html`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height + 16}" width="100%" role="img">
    ${rects}<line x1="${pad}" y1="${height - 10}" x2="${width - pad}" y2="${height - 10}" stroke="#999"/>
    <text x="2" y="16" font-size="11">${max}</text>
    <text x="${pad}" y="${height + 12}" font-size="11">${points.length ? points[0].day : ''}</text>
    <text x="${width - pad}" y="${height + 12}" font-size="11" text-anchor="end">${points.length ? points[points.length - 1].day : ''}</text></svg>`;
}

async function loadSeries() {
  const key = selected.key === null ? '' : `&key=${encodeURIComponent(selected.key)}`;
  const answer = await api('GET', `/api/kpi/series?${query()}&by=${selected.by}${key}`);
  $('series-name').textContent = selected.name;
  if (!answer.ok) { notify('notice', failure('无法读取趋势', answer), true); return; }
  const points = answer.data;
  $('chart-coverage').innerHTML = lineChart(points, [{ name: '企微覆盖率', color: '#1f4e79', value: (p) => p.figures.coverage }], true);
  $('chart-flow').innerHTML = barChart(points, [
    { name: '新增好友', color: '#2e7d32', value: (p) => p.figures.added },
    { name: '客户删除', color: '#c0504d', value: (p) => p.figures.removedByCustomer }]);
  $('chart-chats').innerHTML = lineChart(points, [{ name: '单聊数', color: '#1f77b4', value: (p) => p.figures.chats }], false);
  $('chart-reply').innerHTML = lineChart(points, [{ name: '回复率', color: '#f0a020',
    value: (p) => (p.figures.replyPercentage === null ? null : p.figures.replyPercentage / 100) }], true);
}

function tiles(total) {
  const tile = (name, value, sub, id) => html`<div class="tile" data-kpi="${id}"><div>${name}</div><div class="n">${value}</div><div class="sub">${sub}</div></div>`;
  return html`${tile('企微覆盖率', rate(total.coverage), `${total.covered} / ${total.managed} 位管户客户`, 'coverage')}
    ${tile('新增好友', total.added, `员工删除 ${total.removedByEmployee}`, 'added')}
    ${tile('客户删除', total.removedByCustomer, `负反馈 ${total.negativeFeedback}`, 'removed')}
    ${tile('30天流失率', rate(total.churn30), `${total.churned30} / ${total.added30} 位新客户`, 'churn30')}
    ${tile('90天流失率', rate(total.churn90), `${total.churned90} / ${total.added90} 位新客户`, 'churn90')}
    ${tile('单聊数', total.chats, `发送消息 ${total.messages}`, 'chats')}
    ${tile('回复率', total.replyPercentage === null ? '—' : total.replyPercentage.toFixed(1) + '%', `平均首次回复 ${num(total.avgReplyMinutes)} 分钟`, 'reply')}
    ${tile('群发执行率', rate(total.executionRate), `已执行 ${total.tasksConfirmed} / ${total.tasksConfirmed + total.tasksExpired} 个任务，未完成 ${total.tasksOpen}`, 'execution')}
    ${tile('员工数', total.employees, total.daysWithoutBehaviour ? `${total.daysWithoutBehaviour} 个员工日缺企业微信统计` : '企业微信统计齐全', 'employees')}`;
}

function rowMarkup(row, by) {
  const f = row.figures;
  const label = by === 'employee' ? `${row.name || row.employee}（${row.employee}）` : by === 'team' ? row.team : row.branch;
  const within = by === 'employee' ? `${row.branch} / ${row.team}` : by === 'team' ? row.branch : '';
  return html`<tr data-key="${row.key}" class="${selected.key === row.key ? 'selected' : ''}"><td class="text">${label}</td><td class="text">${within}</td>
    <td>${f.added}</td><td>${f.newApply}</td><td>${f.chats}</td><td>${f.messages}</td>
    <td>${f.replyPercentage === null ? '—' : f.replyPercentage.toFixed(1) + '%'}</td><td>${num(f.avgReplyMinutes)}</td>
    <td>${f.managed}</td><td>${f.covered}</td><td class="coverage">${rate(f.coverage)}</td><td>${f.friends}</td>
    <td>${f.removedByCustomer}</td><td>${rate(f.churn30)}</td><td>${rate(f.churn90)}</td>
    <td class="tasks">${f.tasks}</td><td>${f.tasksConfirmed}</td><td>${f.tasksExpired}</td><td class="execution">${rate(f.executionRate)}</td></tr>`;
}

async function load() {
  const by = $('by').value;
  const answer = await api('GET', `/api/kpi/report?${query()}&by=${by}`);
  if (!answer.ok) { notify('notice', failure('无法读取指标', answer), true); return; }
  const report = answer.data;
  notify('notice', report.missing.length
    ? `${report.missing.length} 天尚未计算（${report.missing[0]}${report.missing.length > 1 ? ' 至 ' + report.missing[report.missing.length - 1] : ''}）：`
      + '每日凌晨自动计算前一天；更早的日子请管理员「重新计算」。' : '', false);
  $('tiles').innerHTML = tiles(report.total);
  $('key-head').textContent = WHO[by];
  $('rows').tBodies[0].innerHTML = report.rows.length ? html`${report.rows.map((r) => rowMarkup(r, by))}`
    : html`<tr><td class="text" colspan="19">这段时间没有指标。</td></tr>`;
  for (const tr of $('rows').tBodies[0].rows) {
    if (!tr.dataset.key) continue;
    tr.addEventListener('click', () => {
      const row = report.rows.find((r) => r.key === tr.dataset.key);
      selected = selected.key === row.key ? { by: 'all', key: null, name: '全行' }
        : { by, key: row.key, name: by === 'employee' ? (row.name || row.employee) : row.key };
      for (const other of $('rows').tBodies[0].rows) other.classList.toggle('selected', other.dataset.key === selected.key);
      loadSeries();
    });
  }
  if (selected.by !== 'all' && selected.by !== by) selected = { by: 'all', key: null, name: '全行' };
  await loadSeries();
}

/** The report as CSV, fetched with the login (a plain link would not carry it everywhere) and saved from memory. */
async function downloadCsv() {
  const by = $('by').value;
  const response = await fetch(`/api/kpi/report.csv?${query()}&by=${by}`, { headers: { Accept: 'text/csv' } });
  if (!response.ok) {
    let data = null;
    try { data = await response.json(); } catch (e) { /* not JSON */ }
    notify('notice', failure('无法下载', { ok: false, status: response.status, data }), true);
    return;
  }
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = `kpi-${by}-${$('from').value}-${$('to').value}.csv`;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

function runState(p) {
  if (!p) return '';
  const what = `${p.from} 至 ${p.to}`;
  if (p.status === 'RUNNING') return `正在计算 ${what}：${p.done} / ${p.employees} 位员工`;
  if (p.status === 'FAILED') return `计算 ${what} 失败：${p.error}`;
  return `已计算 ${what}（${p.employees} 位员工${p.behaviourMissing ? `，其中 ${p.behaviourMissing} 位缺企业微信统计` : ''}）`;
}

async function watchRun() {
  const answer = await api('GET', '/api/kpi/runs');
  const p = answer.status === 200 ? answer.data : null;
  $('run-state').textContent = runState(p);
  if (p && p.status === 'RUNNING') setTimeout(watchRun, 1000);
  else if (p && p.status === 'FINISHED' && $('run').dataset.started) { delete $('run').dataset.started; load(); }
}

const yesterday = new Date(Date.now() - 86400000);
$('to').value = isoDay(yesterday);
$('from').value = isoDay(new Date(yesterday.getTime() - 29 * 86400000));
await whoAmI();
if (hasRole('ADMIN')) {
  $('admin-run').hidden = false;
  $('run').addEventListener('click', async () => {
    const answer = await api('POST', '/api/kpi/runs', { from: $('from').value, to: $('to').value });
    if (!answer.ok) { notify('notice', failure('无法开始计算', answer), true); return; }
    $('run').dataset.started = '1';
    watchRun();
  });
  watchRun();
}
$('range').addEventListener('submit', (e) => { e.preventDefault(); load(); });
$('by').addEventListener('change', load);
$('csv').addEventListener('click', downloadCsv);
load();
