// The console's start page: the pages the user's roles open (the shared header says who is signed in).
import { $, html, pagesFor, whoAmI } from './common.js';

const mine = pagesFor(await whoAmI());
$('pages').innerHTML = mine.length ? html`${mine.map(([href, , about]) => html`<li><a href="${href}">${about}</a></li>`)}`
  : '<li>没有可用的页面：请管理员为您分配角色。</li>';
