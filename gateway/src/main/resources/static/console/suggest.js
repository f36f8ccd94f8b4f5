// Account managers' suggestions: up to three compliant replies to copy into their own chat.
import { $, api, failure, html, whoAmI } from './common.js';

async function ask(event) {
  event.preventDefault();
  const question = $('question').value.trim();
  if (!question) return;
  $('status').textContent = '正在生成…';
  $('status').className = 'notice';
  const answer = await api('POST', '/api/suggestions', { question });
  if (!answer.ok) {
    $('status').textContent = failure('获取失败', answer);
    $('status').className = 'notice error';
    return;
  }
  const list = answer.data.suggestions;
  $('status').textContent = list.length ? `共 ${list.length} 条建议，已通过合规检查。` : '知识库中没有合适的答案，请人工回复。';
  $('suggestions').innerHTML = html`${list.map((s, i) => html`
    <div class="suggestion">
      <div class="text" id="s${i}">${s.text}</div>
      <div class="meta">来源：${s.source.entryId}@${s.source.version}（${s.source.question}）
        ${s.confidence !== null && s.confidence !== undefined ? ` · 置信度 ${(s.confidence * 100).toFixed(0)}%` : ''}
        ${s.warnings.length ? ` · 提示：${s.warnings.join('；')}` : ''}</div>
      <div class="actions"><button type="button" data-copy="s${i}">复制</button></div>
    </div>`)}`;
  for (const b of document.querySelectorAll('[data-copy]')) {
    b.addEventListener('click', async () => {
      try { await navigator.clipboard.writeText($(b.dataset.copy).textContent); b.textContent = '已复制'; }
      catch (e) { b.textContent = '请手动复制'; }
    });
  }
}

whoAmI();
$('ask').addEventListener('submit', ask);
