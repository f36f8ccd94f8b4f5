// After an agent approves or edits a low-confidence draft: offer to put the customer's phrasing on
// the content team's review list as a variant (相似问) of the entry whose answer the customer
// received — never of an entry whose answer the agent replaced, nor for a question too vague to be
// any entry's variant (the server decides; this shows what it offers).
import { $, api, failure, html, lastCallWins } from './common.js';

// an offer for a draft approved earlier, answering after the next draft's, must not replace it
const offerTurn = lastCallWins();

export async function offerVariant(draftId) {
  const mine = offerTurn();
  const box = $('learn-offer');
  const answer = await api('GET', `/api/approvals/${encodeURIComponent(draftId)}/variant-suggestion`);
  if (!mine()) return;
  // nothing to offer: the customer did not receive an entry's answer, or the question is too vague
  // to be any entry's variant (the server says which in notOffered)
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
  offerTurn(); // an offer still loading is for the draft left behind
  $('learn-offer').hidden = true;
}
