// The content team's learning views: the review list of phrasings agents suggested as variants
// (accept = a new draft version of the entry with the variant, which then goes through review and
// publishing; dismiss), and the knowledge gaps, grouped, with "add as variant" and "new entry".
import { $, api, failure, html, notify } from './common.js';
import { ENTRIES_CHANGED, NEW_ENTRY } from './content.js';

const reasonNames = {
  'low-confidence': '置信度低', 'no-answer-in-kb': '无答案', 'repeated-low-confidence': '连续低置信度',
  'customer-asked-for-person': '要求人工', complaint: '投诉', 'fraud-or-lost-card': '盗刷/挂失',
};

const say = notify;

function entriesChanged() {
  document.dispatchEvent(new CustomEvent(ENTRIES_CHANGED));
}

async function loadSuggestions() {
  const answer = await api('GET', '/api/kb/suggestions?status=open');
  if (!answer.ok) { $('suggestions').innerHTML = html`<li>${failure('无法读取', answer)}</li>`; return; }
  $('suggestion-count').textContent = answer.data.length;
  $('suggestions').innerHTML = answer.data.length === 0 ? '<li class="facts">没有待处理的建议。</li>'
    : html`${answer.data.map((s) => html`<li data-id="${s.id}">
      <div><strong class="phrasing">${s.phrasing}</strong> → 条目 <strong>${s.entryId}</strong>
        （${s.entryQuestion || ''}）</div>
      <div class="facts">坐席 ${s.suggestedBy} · ${s.times} 次 · ${(s.suggestedAt || '').slice(0, 16).replace('T', ' ')}</div>
      <div class="actions"><button type="button" class="accept">接受为相似问</button><button type="button" class="dismiss">忽略</button></div>
    </li>`)}`;
  for (const li of $('suggestions').querySelectorAll('li[data-id]')) {
    li.querySelector('.accept').addEventListener('click', () => decide(li.dataset.id, 'accept'));
    li.querySelector('.dismiss').addEventListener('click', () => decide(li.dataset.id, 'dismiss'));
  }
}

async function decide(id, action) {
  const answer = await api('POST', `/api/kb/suggestions/${encodeURIComponent(id)}/${action}`);
  if (!answer.ok) { say('learn-notice', failure('操作失败', answer), true); return; }
  if (action === 'accept') {
    const e = answer.data.entry;
    say('learn-notice', `已加入条目 ${e.id} 的草稿 v${e.version}：请在上方打开条目，提交审核并发布`);
    entriesChanged();
  } else {
    say('learn-notice', '已忽略');
  }
  loadSuggestions();
}

async function loadGaps() {
  const answer = await api('GET', '/api/kb/gaps');
  if (!answer.ok) { $('gaps').innerHTML = html`<li>${failure('无法读取', answer)}</li>`; return; }
  $('gap-count').textContent = `${answer.data.groupCount} 组 / ${answer.data.questions} 个问题`;
  $('gaps').innerHTML = answer.data.groups.length === 0 ? '<li class="facts">暂无知识缺口。</li>'
    : html`${answer.data.groups.map((g, i) => html`<li data-group="${i}">
      <div><strong class="gap-question">${g.question}</strong> <span class="gap-size">× ${g.count}</span></div>
      <div class="facts">${Object.entries(g.reasons).map(([r, n]) => `${reasonNames[r] || r} ${n}`).join('，')}
        · 最近 ${(g.lastSeen || '').slice(0, 16).replace('T', ' ')}
        ${g.likelyEntry ? ` · 最可能的条目 ${g.likelyEntry.entryId}（${g.likelyEntry.question}）` : ' · 无候选条目'}</div>
      ${g.examples.length > 1 ? html`<ul class="examples">${g.examples.map((q) => html`<li>${q}</li>`)}</ul>` : ''}
      <div class="actions">
        <input type="text" class="target" placeholder="条目编号" value="${g.likelyEntry ? g.likelyEntry.entryId : ''}">
        <button type="button" class="as-variant">加为相似问</button>
        <button type="button" class="as-entry">新建条目</button>
        <button type="button" class="dismiss-gap">忽略</button>
      </div>
    </li>`)}`;
  for (const li of $('gaps').querySelectorAll('li[data-group]')) {
    const group = answer.data.groups[Number(li.dataset.group)];
    li.querySelector('.as-variant').addEventListener('click', () => asVariant(group, li.querySelector('.target').value.trim()));
    li.querySelector('.as-entry').addEventListener('click', () => asEntry(group));
    li.querySelector('.dismiss-gap').addEventListener('click', () => dismissGroup(group));
  }
}

async function asVariant(group, entryId) {
  if (!entryId) { say('gap-notice', '请填写条目编号', true); return; }
  const answer = await api('POST', '/api/kb/gaps/variant', { gapIds: group.gapIds, entryId, phrasing: group.question });
  if (!answer.ok) { say('gap-notice', failure('操作失败', answer), true); return; }
  say('gap-notice', `已加入条目 ${answer.data.entry.id} 的草稿 v${answer.data.entry.version}：请提交审核并发布`);
  entriesChanged();
  loadGaps();
}

function asEntry(group) {
  const category = group.likelyEntry && group.likelyEntry.category ? group.likelyEntry.category : '';
  document.dispatchEvent(new CustomEvent(NEW_ENTRY, { detail: { question: group.question, category } }));
  say('gap-notice', '已把问题填入新建条目表单，补全编号和答案后保存；保存后可忽略这一组。');
}

async function dismissGroup(group) {
  const answer = await api('POST', '/api/kb/gaps/dismiss', { gapIds: group.gapIds });
  if (!answer.ok) { say('gap-notice', failure('操作失败', answer), true); return; }
  say('gap-notice', `已忽略 ${answer.data.dismissed} 个问题`);
  loadGaps();
}

$('reload-learn').addEventListener('click', () => { loadSuggestions(); loadGaps(); });
loadSuggestions();
loadGaps();
