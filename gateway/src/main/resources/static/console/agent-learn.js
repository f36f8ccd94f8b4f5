// After an agent approves or edits a low-confidence draft: offer to put the customer's phrasing on
// the content team's review list as a variant (相似问) of the entry the answer came from.
import { $, api, failure, html } from './common.js';

export async function offerVariant(draftId) {
  const box = $('learn-offer');
  const answer = await api('GET', `/api/approvals/${encodeURIComponent(draftId)}/variant-suggestion`);
  if (!answer.ok || !answer.data.entries.length) { box.hidden = true; box.innerHTML = ''; return; }
  const offer = answer.data;
  box.innerHTML = html`<p>刚才的问题置信度较低（${(offer.confidence * 100).toFixed(0)}%）。客户的问法：<strong>${offer.phrasing}</strong></p>
    ${offer.entries.map((e) => html`<div class="actions"><button type="button" class="suggest-variant" data-entry="${e.entryId}">
        把这个问法加为条目 ${e.entryId} 的相似问</button><span class="facts">标准问：${e.question}</span></div>`)}
    <div class="notice" id="learn-notice"></div>`;
  box.hidden = false;
  for (const button of box.querySelectorAll('.suggest-variant')) {
    button.addEventListener('click', async () => {
      const sent = await api('POST', `/api/approvals/${encodeURIComponent(draftId)}/variant-suggestion`,
        { entryId: button.dataset.entry, phrasing: offer.phrasing });
      const note = $('learn-notice');
      if (sent.ok) {
        note.className = 'notice';
        note.textContent = sent.data.created ? '已提交给知识库团队审核' : `已在待审核列表中（累计 ${sent.data.suggestion.times} 次）`;
        for (const b of box.querySelectorAll('.suggest-variant')) b.disabled = true;
      } else {
        note.className = 'notice error';
        note.textContent = failure('提交失败', sent);
      }
    });
  }
}

/** The offer is about the draft just approved: the workspace puts it away when another draft is chosen. */
export function putAwayOffer() {
  $('learn-offer').hidden = true;
}
