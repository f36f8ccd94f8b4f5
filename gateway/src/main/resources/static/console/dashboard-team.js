// The team lead's part of the dashboard: their team's share of the approval queue, and handing a
// conversation to one of their agents (or to themselves, to take it over from an agent).
import { $, agentName, api, backgroundApi, failure, html, notify } from './common.js';

export function showTeamPanel() {
  $('team-panel').hidden = false;
  $('assign').addEventListener('submit', assign);
}

export async function loadTeam(background) {
  const answer = background ? await backgroundApi('GET', '/api/team') : await api('GET', '/api/team');
  if (!answer.ok) { $('team-tiles').textContent = failure('无法读取团队', answer); return; }
  const t = answer.data;
  $('team-name').textContent = `（${t.team}）`;
  const tile = (id, name, n) => html`<div class="tile"><div>${name}</div><div class="n" id="${id}">${n}</div></div>`;
  $('team-tiles').innerHTML = html`${tile('team-claimed', '本组认领中', t.claimedByTeam)}
    ${tile('team-unclaimed', '队列中无人认领', t.unclaimed)}${tile('team-overdue', '队列中已超时', t.overdue)}
    ${tile('team-depth', '待审核队列（全部）', t.queueDepth)}${tile('team-waiting', '待人工接入（全部）', t.waitingForPerson)}`;
  $('team-members').tBodies[0].innerHTML = html`${t.members.map((m) => html`<tr data-member="${m.username}">
    <td>${m.username}${m.enabled ? '' : '（已停用）'}</td><td>${m.roles.join('、')}</td>
    <td class="claimed">${m.claimedDrafts}</td><td>${m.overdueClaimed}</td>
    <td class="held">${m.heldConversations.map((id) => html`<div><code>${id}</code></div>`)}</td></tr>`)}`;
  const chosen = $('assign-to').value;
  $('assign-to').innerHTML = html`${t.members.filter((m) => m.enabled).map((m) =>
    html`<option value="${m.username}">${m.username === agentName() ? m.username + '（我自己：接管）' : m.username}</option>`)}`;
  if (chosen) $('assign-to').value = chosen;
}

async function assign(event) {
  event.preventDefault();
  const conversation = $('assign-conversation').value.trim();
  const to = $('assign-to').value;
  const answer = await api('POST', '/api/conversations/' + encodeURIComponent(conversation) + '/assign', { to });
  if (answer.ok) notify('assign-notice', `会话已交给 ${answer.data.conversation.servicerUserId}`);
  else notify('assign-notice', failure('改派失败', answer), true);
}
