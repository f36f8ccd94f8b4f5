// An administrator's page for one customer's personal data: see and download what the gateway holds, or erase it.
import { $, api, failure, html, notify, whoAmI } from './common.js';

/** The stores as the API names them, in Chinese, in the order shown. */
const STORES = [
  ['conversations', '会话状态'],
  ['history', '会话历史（条）'],
  ['approvalQueue', '待审核草稿'],
  ['auditTrail', '审计记录（含文字的条数）'],
  ['knowledgeGaps', '知识缺口'],
  ['phrasingSuggestions', '相似问建议'],
  ['decidedDrafts', '已审核的低置信度草稿'],
  ['checkedTexts', '合规检测文字'],
  ['customerLinks', '行内客户号关联'],
  ['contactDirectory', '客户联系记录（关系与变更历史）'],
  ['welcomeMessages', '欢迎语发送记录（审计编号，仅导出）'],
  ['engagements', '员工互动记录'],
  ['optOuts', '退订记录（仅导出：删除后仍保留，以免再次打扰）'],
];

const WORDS = { INVALID_CUSTOMER: '客户编号只能包含字母、数字和 _ - . @（最多 128 个字符）' };

let exported = null;

const rows = (counts) => html`<tr><th>存储</th><th>条数</th></tr>${STORES.map(([key, name]) =>
  html`<tr data-store="${key}"><td>${name}</td><td class="n">${counts[key] ?? '—'}</td></tr>`)}`;

function refused(what, answer) {
  const words = answer.data && WORDS[answer.data.reason];
  return words ? `${what}（${answer.status}）：${words}` : failure(what, answer);
}

async function find(event) {
  event.preventDefault();
  const customer = $('customer').value.trim();
  if (!customer) return;
  notify('export-notice', '正在读取…');
  const answer = await api('GET', `/api/privacy/customers/${encodeURIComponent(customer)}/export`);
  if (!answer.ok) {
    $('export-result').hidden = true;
    notify('export-notice', refused('读取失败', answer), true);
    return;
  }
  exported = answer.data;
  const found = exported.conversations;
  notify('export-notice', found.length ? '' : '网关中没有这位客户的数据。');
  $('summary').innerHTML = html`<p>客户 <b>${exported.externalUserId}</b> 的会话：${found.length ? found.join('、') : '无'}</p>`;
  $('counts').innerHTML = rows(exported.counts);
  $('preview').textContent = JSON.stringify(exported.stores, null, 2);
  $('export-result').hidden = false;
}

function download() {
  if (!exported) return;
  const blob = new Blob([JSON.stringify(exported, null, 2)], { type: 'application/json' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = `customer-${exported.externalUserId}.json`;
  link.click();
  URL.revokeObjectURL(link.href);
}

async function erase(event) {
  event.preventDefault();
  const customer = $('customer').value.trim();
  if (!customer || $('confirm').value.trim() !== customer) {
    notify('erase-notice', '请在上方输入客户编号，并在这里再输入一遍相同的编号。', true);
    return;
  }
  notify('erase-notice', '正在删除…');
  const answer = await api('DELETE', `/api/privacy/customers/${encodeURIComponent(customer)}`);
  if (!answer.ok) {
    notify('erase-notice', refused('删除失败', answer), true);
    return;
  }
  const total = Object.values(answer.data.erased).reduce((a, b) => a + b, 0);
  notify('erase-notice', total ? `已删除客户 ${customer} 的数据，已记入审计。` : `客户 ${customer} 没有可删除的数据（已记入审计）。`);
  $('erased').innerHTML = rows(answer.data.erased);
  $('erased').hidden = false;
  $('confirm').value = '';
  $('export-result').hidden = true;
  exported = null;
}

whoAmI();
$('find').addEventListener('submit', find);
$('download').addEventListener('click', download);
$('erase-form').addEventListener('submit', erase);
