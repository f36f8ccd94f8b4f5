// The console's start page: who is signed in, and the pages their roles open.
import { $, cookie, html, whoAmI } from './common.js';
const PAGES = [
  ['agent.html', '坐席工作台：审核草稿、接管会话', ['AGENT', 'ACCOUNT_MANAGER']],
  ['content.html', '知识库管理：编辑、审核、发布、试一试、导入', ['CONTENT_EDITOR']],
  ['compliance.html', '合规规则：规则包与文本检测', ['COMPLIANCE_OFFICER']],
  ['suggest.html', '管户回复建议（可嵌入聊天工具栏）', ['ACCOUNT_MANAGER', 'AGENT']],
  ['dashboard.html', '人机协作看板', ['AGENT', 'CONTENT_EDITOR', 'COMPLIANCE_OFFICER']],
];
const me = await whoAmI();
const roles = me ? me.roles : [];
$('who').textContent = me ? `${me.username}（${roles.join('、')}）` : '';
$('csrf').value = cookie('XSRF-TOKEN') || '';
const mine = PAGES.filter(([, , need]) => roles.includes('ADMIN') || need.some((r) => roles.includes(r)));
$('pages').innerHTML = mine.length ? html`${mine.map(([href, name]) => html`<li><a href="${href}">${name}</a></li>`)}`
  : '<li>没有可用的页面：请管理员为您分配角色。</li>';
