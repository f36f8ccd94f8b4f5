// A strategy's A/B test over time (/api/strategies/{id}/results/series): each arm's conversion rate up to each
// day with its 95 % interval as a shaded band, each arm's lift against control with its interval and the zero
// line, and the day's figures per arm; the last 7, 30 or 90 days of the bank.
import { $, api, failure, html, lastCallWins, notify, pct, trusted } from './common.js';

export const ARM_COLORS = ['#888888', '#1f77b4', '#2e7d32', '#f0a020', '#8e44ad', '#c0504d'];

/** An arm's colour by its place in the results (control first): the same in every chart of the page. */
export const armColor = (index, control) => (control ? ARM_COLORS[0]
  : ARM_COLORS[1 + ((index - 1 + ARM_COLORS.length - 1) % (ARM_COLORS.length - 1))]);

const DAY_STEPS = [['ASSIGNED', '分配'], ['SENT', '任务'], ['DELIVERED', '送达'], ['CONVERTED', '转化']];
/** What the control group never gets: its cells say so instead of 0. */
const NOT_FOR_CONTROL = ['SENT', 'DELIVERED'];
const signedPct = (x) => (x > 0 ? '+' : '') + pct(x);
const shortDay = (iso) => iso.slice(5);

let strategyId = null;
let rangeDays = 30;
let bankToday = null; // the bank's day of the last answer: the ranges end there, whatever the browser's zone
const turn = lastCallWins();

/** An axis's end rounded up to a round share (steps as in the results chart). */
function roundUp(value) {
  const step = value > 0.2 ? 0.1 : value > 0.05 ? 0.05 : value > 0.01 ? 0.01 : 0.005;
  return Math.ceil(value / step - 1e-9) * step;
}

/**
 * Lines over the days, each with its interval as a shaded band (one path of bands and one of lines per
 * arm); a day without a figure (nobody in the arm yet) leaves a gap. Bands wider than the axis are cut
 * at its frame, so that the first days' wide intervals do not flatten the weeks after them.
 *
 * @param lines [{arm, color, point(day) → {v, lo, hi, tip} or null}]
 * @param ticks the values labelled on the axis; {@code zero} draws the zero line (the lift chart)
 */
function bandChart(name, days, lines, min, max, ticks, zero, label) {
  const width = 560, height = 220, left = 52, right = 12, top = 10, bottom = 26;
  const x = (i) => left + (days.length === 1 ? (width - left - right) / 2 : (i * (width - left - right)) / (days.length - 1));
  const y = (v) => top + ((max - v) / (max - min)) * (height - top - bottom);
  const f = (n) => n.toFixed(1);
  const parts = [`<defs><clipPath id="${name}-frame"><rect x="${left}" y="${top}" width="${width - left - right}" height="${height - top - bottom}"/></clipPath></defs>`];
  const drawn = [];
  for (const t of ticks) {
    // a tick too close to one drawn already (a small negative end beside 0) would print over it
    if (drawn.some((d) => Math.abs(y(d) - y(t)) < 14)) continue;
    drawn.push(t);
    parts.push(`<line x1="${left}" y1="${f(y(t))}" x2="${width - right}" y2="${f(y(t))}" stroke="#eee"/>`
      + html`<text x="${left - 4}" y="${f(y(t) + 4)}" font-size="11" text-anchor="end">${zero ? signedPct(t) : pct(t)}</text>`);
  }
  const labelled = [...new Set([0, Math.floor((days.length - 1) / 2), days.length - 1])];
  for (const i of labelled) {
    const anchor = days.length === 1 ? 'middle' : i === 0 ? 'start' : i === days.length - 1 ? 'end' : 'middle';
    parts.push(html`<text x="${f(x(i))}" y="${height - 8}" font-size="11" text-anchor="${anchor}">${shortDay(days[i].day)}</text>`.toString());
  }
  const dot = days.length > 31 ? 1.8 : 2.8;
  for (const line of lines) {
    const points = days.map((d, i) => ({ i, p: line.point(d) }));
    const runs = [];
    let run = [];
    for (const q of points) {
      if (q.p) run.push(q);
      else if (run.length) { runs.push(run); run = []; }
    }
    if (run.length) runs.push(run);
    if (!runs.length) continue;
    const band = runs.map((r) => 'M' + r.map((q) => `${f(x(q.i))} ${f(y(q.p.hi))}`).join(' L')
      + ' L' + [...r].reverse().map((q) => `${f(x(q.i))} ${f(y(q.p.lo))}`).join(' L') + ' Z').join(' ');
    const path = runs.map((r) => 'M' + r.map((q) => `${f(x(q.i))} ${f(y(q.p.v))}`).join(' L')).join(' ');
    const dots = runs.flat().map((q) => html`<circle cx="${f(x(q.i))}" cy="${f(y(q.p.v))}" r="${dot}" fill="${line.color}" data-day="${days[q.i].day}"><title>${q.p.tip}</title></circle>`);
    parts.push(html`<g data-arm="${line.arm}" clip-path="url(#${name}-frame)">
      <path class="band" d="${band}" fill="${line.color}" fill-opacity="0.15" stroke="none"/>
      <path class="line" d="${path}" fill="none" stroke="${line.color}" stroke-width="2"/>${dots}</g>`.toString());
  }
  if (zero) {
    parts.push(`<line x1="${left}" y1="${f(y(0))}" x2="${width - right}" y2="${f(y(0))}" stroke="#555" stroke-dasharray="4 3" data-zero-line="1"/>`);
  }
  parts.push(`<line x1="${left}" y1="${height - bottom}" x2="${width - right}" y2="${height - bottom}" stroke="#999"/>`);
  return trusted(html`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${label}">`
    + parts.join('') + '</svg>');
}

/** What an arm did that day, for the tooltips: "任务 50，送达 40，转化 5". */
function dayWords(a) {
  const c = a.counts || {};
  return DAY_STEPS.filter(([s]) => !(a.control && NOT_FOR_CONTROL.includes(s))).map(([s, w]) => `${w} ${c[s] || 0}`).join('，');
}

const assignedOf = (a) => (a.cumulative || {}).ASSIGNED || 0;

/** Each arm's conversion rate up to each day, with its 95 % interval; days before anyone is in the arm are left out. */
export function rateOverTime(days, rate = '转化率') {
  const arms = days[days.length - 1].arms;
  const lines = arms.map((arm, index) => ({
    arm: arm.arm,
    color: armColor(index, arm.control),
    point: (day) => {
      const a = day.arms.find((x) => x.arm === arm.arm);
      if (!a || !assignedOf(a)) return null;
      return { v: a.conversionRate, lo: a.ci95[0], hi: a.ci95[1],
        tip: `${day.day} ${a.arm}：累计${rate} ${pct(a.conversionRate)}（${pct(a.ci95[0])} ~ ${pct(a.ci95[1])}，${assignedOf(a)} 位客户）；当天 ${dayWords(a)}` };
    },
  }));
  const shown = days.flatMap((d) => lines.map((l) => l.point(d)).filter(Boolean));
  const highest = Math.max(0, ...shown.map((p) => p.hi));
  const lastHighs = lines.map((l) => l.point(days[days.length - 1])).filter(Boolean).map((p) => p.hi);
  // the frame holds the rates with room above and the latest intervals; earlier, wider bands are cut at its top
  const max = roundUp(Math.max(0.01, Math.min(highest, Math.max(1.2 * Math.max(...shown.map((p) => p.v)), ...lastHighs))));
  return bandChart('series-rate', days, lines, 0, max, [0, max / 2, max], false, `各组累计${rate}与 95% 区间`);
}

/** Each arm's lift against control up to each day, with its interval (adjusted for the comparisons) and 0. */
export function liftOverTime(days) {
  const arms = days[days.length - 1].arms;
  const control = arms.find((a) => a.control);
  const lines = arms.map((arm, index) => ({ arm, index })).filter(({ arm }) => !arm.control).map(({ arm, index }) => ({
    arm: arm.arm,
    color: armColor(index, false),
    point: (day) => {
      const a = day.arms.find((x) => x.arm === arm.arm);
      const c = day.arms.find((x) => x.arm === (control && control.arm));
      if (!a || !c || !assignedOf(a) || !assignedOf(c) || a.liftVsControl === null) return null;
      return { v: a.liftVsControl, lo: a.liftCi95[0], hi: a.liftCi95[1],
        tip: `${day.day} ${a.arm}：相对对照 ${signedPct(a.liftVsControl)}（${signedPct(a.liftCi95[0])} ~ ${signedPct(a.liftCi95[1])}）` };
    },
  }));
  const shown = days.flatMap((d) => lines.map((l) => l.point(d)).filter(Boolean));
  if (!shown.length) return html`<p class="facts">对照组或其他各组还没有客户：还没有提升可画。</p>`;
  const latest = lines.map((l) => l.point(days[days.length - 1])).filter(Boolean);
  const values = shown.map((p) => p.v);
  // as the rate chart: the estimates and the latest intervals fit; the first days' ±100 % would flatten the rest
  let low = Math.max(Math.min(...shown.map((p) => p.lo)), Math.min(0, ...values.map((v) => 1.2 * v), ...latest.map((p) => p.lo)));
  let high = Math.min(Math.max(...shown.map((p) => p.hi)), Math.max(0, ...values.map((v) => 1.2 * v), ...latest.map((p) => p.hi)));
  low = -roundUp(Math.max(0.005, -low));
  high = roundUp(Math.max(0.005, high));
  return bandChart('series-lift', days, lines, low, high, [low, 0, high], true, '各组相对对照组的累计提升与区间');
}

/** The chart's key: each arm's colour. */
function legend(arms, withControl) {
  return html`<p class="legend">${arms.map((a, i) => (a.control && !withControl ? ''
    : html`<span data-arm="${a.arm}"><svg width="14" height="10" aria-hidden="true"><rect width="14" height="10" fill="${armColor(i, a.control)}" fill-opacity="0.6"/></svg> ${a.arm}${a.control ? '（对照组）' : ''}</span> `))}</p>`;
}

/** One row a day (the latest first): each arm's customers assigned, tasks, delivered and converted that day. */
function dayTable(days) {
  const arms = days[days.length - 1].arms;
  return html`<thead><tr><th class="text" rowspan="2">日期</th>${arms.map((a) => html`<th colspan="${DAY_STEPS.length}" class="arm-head">${a.arm}${a.control ? '（对照）' : ''}</th>`)}</tr>
    <tr>${arms.map(() => DAY_STEPS.map(([, w]) => html`<th>${w}</th>`))}</tr></thead>
    <tbody>${[...days].reverse().map((d) => html`<tr data-day="${d.day}"><td class="text">${d.day}</td>${arms.map((arm) => {
      const a = d.arms.find((x) => x.arm === arm.arm) || { counts: {} };
      return DAY_STEPS.map(([s]) => html`<td data-arm="${arm.arm}" data-step="${s}">${arm.control && NOT_FOR_CONTROL.includes(s) ? '—' : ((a.counts || {})[s] || 0)}</td>`);
    })}</tr>`)}</tbody>`;
}

function showRange() {
  for (const b of document.querySelectorAll('#series-range button')) b.setAttribute('aria-pressed', String(Number(b.dataset.days) === rangeDays));
}

/** The bank's day {@code n} days before {@code iso} (days are dates: no zone, no summer time). */
function daysBefore(iso, n) {
  const d = new Date(iso + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
}

/** Reads and draws the test over the chosen days; without {@code id}, the one shown. */
export async function loadSeries(id) {
  if (id) strategyId = id;
  if (!strategyId) return;
  const mine = turn();
  const asked = strategyId;
  // the first read of a strategy asks for the default month up to the bank's today; later ranges end there too
  const query = bankToday ? `?from=${daysBefore(bankToday, rangeDays - 1)}&to=${bankToday}`
    : rangeDays === 30 ? '' : `?from=${daysBefore(new Date().toISOString().slice(0, 10), rangeDays - 1)}`;
  const answer = await api('GET', `/api/strategies/${encodeURIComponent(asked)}/results/series${query}`);
  if (!mine() || asked !== strategyId) return;
  $('series-box').hidden = false;
  if (!answer.ok) {
    $('series-charts').hidden = true;
    $('series-empty').hidden = true;
    notify('series-notice', failure('无法读取试验趋势', answer), true);
    return;
  }
  notify('series-notice', '');
  const s = answer.data;
  bankToday = s.today;
  const last = s.days[s.days.length - 1];
  const anybody = last.arms.some((a) => assignedOf(a) > 0);
  $('series-empty').hidden = anybody;
  $('series-charts').hidden = !anybody;
  $('series-facts').textContent = `${s.from} 至 ${s.to}（银行所在时区的日期）：每天的数字是试验开始至当天结束的累计。`;
  if (!anybody) {
    $('series-rate').innerHTML = '';
    $('series-lift').innerHTML = '';
    $('series-days').innerHTML = '';
    return;
  }
  $('series-rate').innerHTML = html`${rateOverTime(s.days, s.metric === 'RETENTION' ? '留存率' : '转化率')}${legend(last.arms, true)}`;
  $('series-lift').innerHTML = html`${liftOverTime(s.days)}${legend(last.arms, false)}`;
  $('series-days').innerHTML = dayTable(s.days);
}

/** Hides the section (a strategy never published has no test; another strategy opened): an answer on its way is dropped. */
export function hideSeries() {
  turn();
  $('series-box').hidden = true;
}

for (const b of document.querySelectorAll('#series-range button')) {
  b.addEventListener('click', () => {
    rangeDays = Number(b.dataset.days);
    showRange();
    loadSeries();
  });
}
showRange();
