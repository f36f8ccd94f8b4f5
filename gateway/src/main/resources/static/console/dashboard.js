// The 人机协作 dashboard: shares of answers by the machine and by people, by hour and category.
import { $, api, backgroundApi, failure, hasRole, html, pct, whoAmI } from './common.js';
import { loadTeam, showTeamPanel } from './dashboard-team.js';

const OUTCOMES = [
  ['AUTO_SENT', '机器自动发送', '#2e7d32'],
  ['MENU_CHOSEN', '菜单选中后回答', '#7cb342'],
  ['APPROVED', '一键审核通过', '#1f77b4'],
  ['EDITED', '坐席修改后发送', '#f0a020'],
  ['WRITTEN_BY_PEOPLE', '人工撰写', '#c0504d'],
];

// the live split (assist.answers): the same names as ./assist eval's policy split
const SPLIT = [
  ['auto', '自动发送'],
  ['menu_chosen', '菜单选中'],
  ['menu_abandoned', '菜单放弃'],
  ['agent_one_click', '坐席一键'],
  ['agent_edited', '坐席修改'],
  ['agent_wrote', '坐席撰写'],
];

/** Counts and shares of the answered questions, this instance since it started. */
function showSplit(split) {
  $('split').innerHTML = html`${SPLIT.map(([k, name]) => html`<div class="tile" data-outcome="${k}"><div>${name}</div>
    <div class="n">${pct(split.shares[k] || 0)}</div><div class="count">${split.counts[k] || 0} 次</div></div>`)}`;
  $('split-note').textContent = `已回答 ${split.answered} 个问题（自动发送、菜单选中与坐席三项之和，占比以它为分母；`
    + `菜单放弃为每个已回答问题对应的放弃次数）· 猜你想问菜单已发出 ${split.counts.menu_offered || 0} 次 · `
    + '本实例启动以来';
}

function chart(rows) {
  const width = 720, height = 220, pad = 30;
  if (!rows.length) return html`<p>这段时间还没有回答。</p>`;
  const totals = rows.map((r) => OUTCOMES.reduce((s, [k]) => s + (r[k] || 0), 0));
  const max = Math.max(1, ...totals);
  const bar = (width - pad * 2) / rows.length;
  const rects = [];
  rows.forEach((r, i) => {
    let y = height;
    for (const [k, , color] of OUTCOMES) {
      const h = ((r[k] || 0) / max) * (height - pad);
      if (h > 0) rects.push(html`<rect x="${pad + i * bar + 1}" y="${y - h}" width="${Math.max(1, bar - 2)}" height="${h}" fill="${color}"><title>${r.hour} ${k} ${r[k]}</title></rect>`);
      y -= h;
    }
  });
  return html`<svg id="hourly" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height + 20}" width="100%" role="img">${rects}
    <line x1="${pad}" y1="${height}" x2="${width - pad}" y2="${height}" stroke="#999"/>
    <text x="${pad}" y="${height + 15}" font-size="11">${new Date(rows[0].hour).toLocaleString('zh-CN')}</text>
    <text x="${width - pad}" y="${height + 15}" font-size="11" text-anchor="end">${new Date(rows[rows.length - 1].hour).toLocaleString('zh-CN')}</text>
    <text x="2" y="${pad - 8}" font-size="11">${max}</text></svg>`;
}

/** One row per hour of the range, empty hours included, so bars keep their place in time. */
function everyHour(from, to, rows) {
  const byHour = new Map(rows.map((r) => [new Date(r.hour).getTime(), r]));
  const out = [];
  for (let t = new Date(from).getTime(); t <= new Date(to).getTime(); t += 3600_000) {
    out.push(byHour.get(t) || { hour: new Date(t).toISOString() });
  }
  return out.some((r) => OUTCOMES.some(([k]) => r[k])) ? out : [];
}

async function load(background) {
  const url = '/api/dashboard?hours=' + $('hours').value;
  const answer = background ? await backgroundApi('GET', url) : await api('GET', url);
  if (!answer.ok) { $('tiles').textContent = failure('无法读取', answer); return; }
  const d = answer.data;
  $('tiles').innerHTML = html`<div class="tile"><div>回答总数</div><div class="n" id="total">${d.total}</div></div>
    ${OUTCOMES.map(([k, name]) => html`<div class="tile"><div>${name}</div><div class="n" data-share="${k}">${pct(d.shares[k] || 0)}</div><div>${d.answers[k] || 0} 条</div></div>`)}`;
  showSplit(d.split);
  $('legend').innerHTML = html`${OUTCOMES.map(([, name, color]) => html`<span><i style="background:${color}"></i>${name}</span>`)}`;
  $('chart').innerHTML = chart(everyHour(d.from, d.to, d.hourly));
  $('categories').innerHTML = html`<table><thead><tr><th>分类</th>${OUTCOMES.map(([, n]) => html`<th>${n}</th>`)}</tr></thead><tbody>
    ${Object.entries(d.byCategory).map(([cat, c]) => html`<tr><td>${cat}</td>${OUTCOMES.map(([k]) => html`<td>${c[k] || 0}</td>`)}</tr>`)}
    </tbody></table>`;
  const ops = d.thisInstance;
  // p50/p99 are of the last few minutes only: a window without answers has none (shown as —, not 0.0)
  const ms = (x) => (x === undefined || x === null ? '—' : x.toFixed(1));
  const latency = Object.entries(ops.latencyMs).map(([stage, p]) =>
    html`<tr data-stage="${stage}"><td>${stage}</td><td>${p.count}</td><td>${ms(p.count ? p.mean : null)}</td><td class="p50">${ms(p.p50)}</td><td>${ms(p.p99)}</td></tr>`);
  $('ops').innerHTML = html`<p>待审核队列：<strong id="depth">${ops.queueDepth}</strong> · SLA 超时：${ops.slaBreaches}</p>
    <p>LLM 回退：${Object.entries(ops.llmFallbacks).map(([r, n]) => r + ' ' + n).join('，') || '无'}</p>
    <table id="latency"><thead><tr><th>环节</th><th>次数</th><th>平均 毫秒</th><th>p50 毫秒</th><th>p99 毫秒</th></tr></thead><tbody>${latency}</tbody></table>
    <p class="facts">次数与平均：本实例启动以来；p50/p99：最近 ${ops.latencyWindowMinutes} 分钟（没有回答时为 —）。</p>`;
}

/** {@code background}: the timer's refresh, which does not keep the login alive (the person's own actions do). */
async function refresh(background) {
  await load(background);
  if (hasRole('SUPERVISOR')) await loadTeam(background);
}

await whoAmI();
if (hasRole('SUPERVISOR')) showTeamPanel();
$('hours').addEventListener('change', () => refresh(false));
refresh(false);
setInterval(() => refresh(true), 30000);
