// The content team's page: curate entries (draft → review → publish), see what changed against the
// served version, try questions, import files. Plain ES module on /api/kb.
import { $, api, failure, html, lastCallWins, notify, redraw, whoAmI } from './common.js';

/**
 * The events this module owns, for the page's other modules to fire on {@code document}: the entries
 * changed elsewhere (reload the list), or start a new entry prefilled ({@code detail: {question,
 * category}}). Other modules talk to the editor only through these, never through its controls.
 */
export const ENTRIES_CHANGED = 'content:entries-changed';
export const NEW_ENTRY = 'content:new-entry';

const statusNames = { draft: '草稿', in_review: '审核中', published: '已发布', archived: '已下架' };
let current = null; // {latest, served}
// The list is asked for at start, on every keystroke in the filter and after every change, and an
// entry is opened by a click while another may still be loading: only the latest answer is shown.
const listTurn = lastCallWins();
const openTurn = lastCallWins();

const notice = (text, error) => notify('notice', text, error);

async function loadList() {
  const mine = listTurn();
  const params = new URLSearchParams();
  if ($('filter').value.trim()) params.set('q', $('filter').value.trim());
  if ($('status-filter').value) params.set('status', $('status-filter').value);
  const answer = await api('GET', '/api/kb/entries?' + params);
  // the unfiltered list asked for at start, answering after the filtered one, replaced it under the user's click
  if (!mine()) return;
  if (!answer.ok) { redraw($('entries'), html`<li>${failure('无法读取', answer)}</li>`); return; }
  redraw($('entries'), html`${answer.data.map((e) => html`<li data-id="${e.id}" class="${current && current.latest.id === e.id ? 'selected' : ''}">
      ${e.question}<span class="status">${statusNames[e.status] || e.status} v${e.version}</span></li>`)}`);
}

const local = (iso) => (iso ? iso.slice(0, 16) : '');
const iso = (value) => (value ? new Date(value).toISOString() : null);

function fill(entry) {
  $('e-id').value = entry.id || '';
  $('e-id').readOnly = !!entry.version;
  $('e-question').value = entry.question || '';
  $('e-variants').value = (entry.variants || []).join('\n');
  $('e-answer').value = entry.answer || '';
  $('e-category').value = entry.category || '';
  $('e-tags').value = (entry.productTags || []).join(',');
  $('e-from').value = local(entry.effectiveFrom);
  $('e-to').value = local(entry.effectiveTo);
  $('e-facts').textContent = entry.version
    ? `版本 ${entry.version} · ${statusNames[entry.status] || entry.status} · ${entry.updatedBy || ''} ${entry.updatedAt || ''}` : '新条目';
}

function diff() {
  if (!current || !current.served) { $('diff').textContent = current && current.latest.version ? '尚未发布过。' : '—'; return; }
  const a = current.served, b = current.latest;
  const fields = [['question', '标准问'], ['variants', '相似问'], ['answer', '答案'], ['category', '分类'],
    ['effectiveFrom', '生效起'], ['effectiveTo', '生效止']];
  const changed = fields.filter(([k]) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
  $('diff').innerHTML = changed.length === 0 ? html`与线上版本 v${a.version} 相同。`
    : html`${changed.map(([k, name]) => html`<p><strong>${name}</strong><br><span class="old">${[].concat(a[k] ?? '').join('\n')}</span><br>
        <span class="new">${[].concat(b[k] ?? '').join('\n')}</span></p>`)}`;
}

async function open(id) {
  const mine = openTurn();
  const answer = await api('GET', '/api/kb/entries/' + encodeURIComponent(id));
  // an entry clicked earlier, answering late, must not fill the editor over the one chosen since
  if (!mine()) return;
  if (!answer.ok) { notice(failure('无法读取条目', answer), true); return; }
  current = answer.data;
  fill(current.latest);
  diff();
  notice('');
  loadList();
}

function edited() {
  return {
    id: $('e-id').value.trim(),
    question: $('e-question').value.trim(),
    variants: $('e-variants').value.split('\n').map((v) => v.trim()).filter(Boolean),
    answer: $('e-answer').value.trim(),
    category: $('e-category').value.trim(),
    productTags: $('e-tags').value.split(',').map((v) => v.trim()).filter(Boolean),
    effectiveFrom: iso($('e-from').value),
    effectiveTo: iso($('e-to').value),
    version: current && current.latest.version ? current.latest.version : undefined,
  };
}

async function save() {
  const body = edited();
  const answer = current && current.latest.version
    ? await api('PUT', '/api/kb/entries/' + encodeURIComponent(body.id), body)
    : await api('POST', '/api/kb/entries', body);
  if (!answer.ok) { notice(failure('保存失败', answer), true); return; }
  await open(answer.data.id);
  notice(`已保存为 v${answer.data.version}（草稿）`);
}

async function move(action, done) {
  if (!current || !current.latest.version) return;
  const url = `/api/kb/entries/${encodeURIComponent(current.latest.id)}/${action}?version=${current.latest.version}`;
  const answer = await api('POST', url);
  if (!answer.ok) { notice(failure('操作失败', answer), true); return; }
  await open(current.latest.id);
  notice(done + `（v${answer.data.version}）`);
}

async function tryQuestion() {
  const q = $('try-q').value.trim();
  if (!q) return;
  const answer = await api('GET', '/api/kb/search?q=' + encodeURIComponent(q));
  if (!answer.ok) { $('confidence').textContent = failure('搜索失败', answer); return; }
  $('confidence').innerHTML = html`流水线看到的置信度：<strong id="try-confidence">${(answer.data.confidence * 100).toFixed(0)}%</strong>`;
  $('ranked').innerHTML = html`${answer.data.ranked.map((r) => html`<li><strong>${r.entry.id}</strong> v${r.entry.version}
      ${r.entry.question} · 得分 ${r.score.toFixed(3)} · 匹配“${r.matchedPhrasing}”${r.contradiction ? ' · 有矛盾' : ''}</li>`)}`;
}

async function importJsonl() {
  const text = $('import-body').value;
  if (!text.trim()) return;
  const answer = await api('POST', '/api/kb/import', text, 'application/x-ndjson');
  const data = answer.data;
  if (answer.ok) {
    $('import-result').innerHTML = html`<li>新建 ${data.created} 条，更新 ${data.updated} 条，未变 ${data.unchanged} 条</li>`;
    loadList();
  } else {
    const rows = data && data.errors ? data.errors : [];
    $('import-result').innerHTML = html`<li class="block">${failure('导入失败', answer)}</li>
      ${rows.map((r) => html`<li class="block">第 ${r.line} 行：${r.message}</li>`)}`;
  }
}

/** A new entry in the editor, empty or prefilled ({question, category}). */
function newEntry(prefill) {
  openTurn(); // an entry still loading must not replace the new one
  current = null;
  fill(prefill || {});
  diff();
  notice('');
}

/**
 * Everything is wired before anything is awaited: a filter typed or an entry clicked while the page
 * is still asking who is signed in is handled, and nothing drawn at start comes after the user's
 * first action.
 */
function start() {
  whoAmI();
  document.addEventListener(ENTRIES_CHANGED, loadList);
  document.addEventListener(NEW_ENTRY, (event) => {
    newEntry(event.detail);
    $('e-id').focus();
    $('editor').scrollIntoView();
  });
  $('filter').addEventListener('input', loadList);
  $('status-filter').addEventListener('change', loadList);
  $('new').addEventListener('click', () => newEntry());
  $('save').addEventListener('click', save);
  $('submit').addEventListener('click', () => move('submit', '已提交审核'));
  $('publish').addEventListener('click', () => move('publish', '已发布'));
  $('archive').addEventListener('click', () => move('archive', '已下架'));
  $('try').addEventListener('click', tryQuestion);
  $('import').addEventListener('click', importJsonl);
  // one listener for the list, which is drawn again and again: an item is found from the click
  $('entries').addEventListener('click', (event) => {
    const li = event.target.closest('li[data-id]');
    if (li) open(li.dataset.id);
  });
  fill({});
  loadList();
}

start();
