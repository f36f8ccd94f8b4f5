// The 客户联系 page: a person acts in an employee's WeCom client. Plain ES module, no build step.
const $ = (id) => document.getElementById(id);
const api = '/simulator/api/contacts';
const statusNames = { 1: '接替完毕', 2: '等待接替', 3: '客户拒绝', 4: '接替成员客户已达上限' };
const receivedLabels = { welcome: '欢迎语：', transfer: '转接消息：', groupmsg: '群发：' };
const taskStates = { pending: '待发送', sent: '已发送', cancelled: '企业已停止群发', ignored: '已忽略' };
// get_groupmsg_send_result's per-customer status
const sendStatuses = { 0: '未发送', 1: '已发送', 2: '非好友', 3: '本月已满' };
let employees = [];
let tags = [];
let editing = null;

async function call(method, path, body) {
  const response = await fetch(api + path, {
    method,
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    $('message').textContent = '模拟器拒绝了：' + (answer.error || response.status);
    throw new Error(answer.error || String(response.status));
  }
  $('message').textContent = '';
  return answer;
}

function employeeName(userid) {
  const e = employees.find((x) => x.userid === userid);
  return e ? e.name : userid;
}

function cell(row, text, className) {
  const td = document.createElement('td');
  if (className) td.className = className;
  if (text !== undefined) td.textContent = text;
  row.appendChild(td);
  return td;
}

function button(parent, label, className, action) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = className;
  b.textContent = label;
  b.addEventListener('click', () => action().then(refresh).catch(() => {}));
  parent.appendChild(b);
}

function selected() {
  return $('employee').value;
}

async function loadEmployees() {
  employees = await call('GET', '/employees');
  const select = $('employee');
  const keep = select.value || new URLSearchParams(location.search).get('employee');
  select.replaceChildren(...employees.map((e) => {
    const option = document.createElement('option');
    option.value = e.userid;
    option.textContent = `${e.name}（${e.role}${e.resigned ? '，已离职' : ''}）`;
    return option;
  }));
  if (keep && employees.some((e) => e.userid === keep)) select.value = keep;
}

function renderCustomers(customers, now) {
  const me = selected();
  const employee = employees.find((e) => e.userid === me);
  $('role').textContent = employee ? `${employee.role}${employee.resigned ? ' · 已离职' : ''}` : '';
  $('resign').disabled = !employee || employee.resigned;
  $('add').querySelector('button').disabled = !employee || employee.resigned;
  $('count').textContent = `（${customers.length} 位）`;
  const rows = customers.map((c) => {
    const tr = document.createElement('tr');
    tr.dataset.id = c.externalUserId;
    if (c.deletedByCustomer) tr.classList.add('deleted-by-customer');
    cell(tr, c.name, 'name');
    cell(tr, c.remark, 'remark');
    const tagCell = cell(tr, undefined, 'tags');
    c.tags.forEach((t) => {
      const span = document.createElement('span');
      span.className = 'tag';
      span.textContent = t.name;
      tagCell.appendChild(span);
    });
    cell(tr, c.state || '—', 'state');
    const received = cell(tr, undefined, 'received');
    if (c.received.length === 0) {
      // only a customer added in the last hour is still expecting a welcome; the rest were added long ago
      const recent = new Date(now) - new Date(c.createtime) < 3600 * 1000;
      const none = document.createElement('span');
      none.className = 'none';
      none.textContent = recent ? '未收到欢迎语' : '—';
      received.appendChild(none);
    }
    c.received.forEach((r) => {
      const line = document.createElement('span');
      line.className = 'line ' + r.kind;
      line.textContent = (receivedLabels[r.kind] || '') + r.text;
      received.appendChild(line);
    });
    if (c.waitingTransferTo) {
      const line = document.createElement('span');
      line.className = 'line muted';
      line.textContent = `转接给 ${employeeName(c.waitingTransferTo)} 中`;
      received.appendChild(line);
    }
    const actions = cell(tr, undefined, 'actions');
    const path = `/employees/${encodeURIComponent(me)}/customers/${encodeURIComponent(c.externalUserId)}`;
    button(actions, '编辑', 'edit', async () => openEditor(c));
    button(actions, '客户发消息', 'chat-customer', () => call('POST', path + '/chat', { from: 'customer' }));
    button(actions, '回复', 'chat-reply', () => call('POST', path + '/chat', { from: 'employee' }));
    if (!c.deletedByCustomer) {
      button(actions, '客户删除我', 'customer-deletes', () => call('POST', path + '/customer-deletes'));
    }
    button(actions, '删除客户', 'delete', () => call('DELETE', path));
    return tr;
  });
  $('customers').tBodies[0].replaceChildren(...rows);
}

function openEditor(customer) {
  editing = customer.externalUserId;
  $('editor').hidden = false;
  $('edit-name').textContent = customer.name;
  $('edit-remark').value = customer.remark;
  const mine = new Set(customer.tags.map((t) => t.id));
  $('edit-tags').replaceChildren(...tags.map((t) => {
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.value = t.id;
    box.checked = mine.has(t.id);
    label.append(box, ` ${t.group}·${t.name}`);
    label.dataset.name = t.name;
    return label;
  }));
}

async function saveEditor() {
  const chosen = [...$('edit-tags').querySelectorAll('input:checked')].map((b) => b.value);
  await call('PUT', `/employees/${encodeURIComponent(selected())}/customers/${encodeURIComponent(editing)}`,
    { remark: $('edit-remark').value, tags: chosen });
  $('editor').hidden = true;
  editing = null;
}

function renderTransfers(transfers) {
  const me = selected();
  const rows = transfers.filter((t) => t.handover === me || t.takeover === me).map((t) => {
    const tr = document.createElement('tr');
    tr.dataset.id = t.externalUserId;
    cell(tr, t.customer, 'customer');
    cell(tr, t.kind, 'kind');
    cell(tr, `${employeeName(t.handover)} → ${employeeName(t.takeover)}`, 'who');
    cell(tr, statusNames[t.status] || String(t.status), 'status');
    cell(tr, new Date(t.due).toLocaleString('zh-CN', { hour12: false }), 'due');
    const actions = cell(tr, undefined, 'actions');
    if (t.status === 2) {
      button(actions, '客户拒绝', 'refuse',
        () => call('POST', `/customers/${encodeURIComponent(t.externalUserId)}/refuse-transfer`));
    }
    return tr;
  });
  $('transfers').tBodies[0].replaceChildren(...rows);
}

function renderTasks(tasks, behaviour) {
  const me = selected();
  const pending = tasks.filter((t) => t.state === 'pending');
  $('pending-count').textContent = `（待发送 ${pending.length} 条）`;
  $('automation').textContent = behaviour.automated
    ? `本员工处于自动模式：新任务以 ${Math.round(behaviour.share * 100)}% 的比例在 ${behaviour.delaySeconds} 秒（模拟时间）后自动发送。`
    : '';
  $('tasks-empty').hidden = tasks.length > 0;
  const rows = tasks.map((t) => {
    const tr = document.createElement('tr');
    tr.dataset.id = t.msgid;
    if (t.state !== 'pending') tr.classList.add('done');
    cell(tr, t.text + (t.attachments > 0 ? ` [附件×${t.attachments}]` : ''), 'text');
    const customers = cell(tr, undefined, 'customers');
    t.customers.forEach((c) => {
      const span = document.createElement('span');
      span.className = 'customer';
      span.dataset.id = c.externalUserId;
      if (t.state === 'sent') {
        span.textContent = `${c.name}（${sendStatuses[c.status] || c.status}）`;
        if (c.status !== 1) span.classList.add('over');
      } else {
        span.textContent = c.name + (t.state === 'pending' && c.overLimit ? '（本月已满）' : '');
        if (t.state === 'pending' && c.overLimit) span.classList.add('over');
      }
      customers.appendChild(span);
    });
    const over = cell(tr, t.state === 'pending' ? `${t.overLimit} / ${t.customers.length}` : '—', 'over-limit');
    if (t.state === 'pending' && t.overLimit > 0) over.classList.add('some');
    cell(tr, t.reminders > 0 ? `${t.reminders} 次（24 小时内 ${t.remindersLast24h} 次）` : '—', 'reminders');
    let state = taskStates[t.state] || t.state;
    if (t.state === 'sent') state += ' ' + new Date(t.sendTime).toLocaleString('zh-CN', { hour12: false });
    if (t.autoConfirmAt) state += `（将于 ${new Date(t.autoConfirmAt).toLocaleString('zh-CN', { hour12: false })} 自动发送）`;
    cell(tr, state, 'task-state');
    const actions = cell(tr, undefined, 'actions');
    const path = `/employees/${encodeURIComponent(me)}/tasks/${encodeURIComponent(t.msgid)}`;
    if (t.state === 'pending' || t.state === 'ignored') {
      button(actions, '发送', 'confirm', async () => {
        const done = await call('POST', path + '/confirm');
        $('task-outcome').textContent = `已发送给 ${done.sent} 位客户`
          + (done.overLimit ? `；${done.overLimit} 位本月已收满 4 条，被跳过` : '')
          + (done.notFriend ? `；${done.notFriend} 位已不是好友` : '');
      });
    }
    if (t.state === 'pending') {
      button(actions, '忽略', 'ignore', () => call('POST', path + '/ignore'));
    }
    return tr;
  });
  $('tasks').tBodies[0].replaceChildren(...rows);
}

function renderEvents(posted) {
  $('events').replaceChildren(...posted.slice(0, 30).map((p) => {
    const li = document.createElement('li');
    const ok = p.outcome === 'accepted';
    li.className = ok ? 'accepted' : 'failed';
    li.textContent = `${p.changeType} · ${employeeName(p.userid)} · ${p.externalUserId} · ${ok ? '网关已接收' : p.outcome}`;
    return li;
  }));
}

async function refresh() {
  const me = selected();
  if (!me) return;
  const [customers, transfers, posted, clock, tasks, behaviour] = await Promise.all([
    call('GET', `/employees/${encodeURIComponent(me)}/customers`),
    call('GET', '/transfers'),
    call('GET', '/callbacks'),
    call('GET', '/clock'),
    call('GET', `/employees/${encodeURIComponent(me)}/tasks`),
    call('GET', `/employees/${encodeURIComponent(me)}/confirm-behaviour`),
  ]);
  renderCustomers(customers, clock.now);
  renderTasks(tasks, behaviour);
  renderTransfers(transfers);
  renderEvents(posted);
  const hours = Math.floor(clock.advancedSeconds / 3600);
  $('clock').textContent = `模拟时间：${new Date(clock.now).toLocaleString('zh-CN', { hour12: false })}`
    + (clock.advancedSeconds > 0 ? `（已快进 ${hours} 小时 ${Math.floor((clock.advancedSeconds % 3600) / 60)} 分）` : '');
}

async function advance(seconds) {
  await call('POST', '/clock/advance', { seconds });
  await refresh();
}

$('add').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    const added = await call('POST', `/employees/${encodeURIComponent(selected())}/customers`, {
      name: $('new-name').value, state: $('new-state').value, half: $('new-half').checked,
    });
    $('last-add').textContent = `已添加，回调中的 WelcomeCode：${added.welcomeCode}（20 秒内可用一次）`;
    $('last-add').dataset.code = added.welcomeCode;
    $('last-add').dataset.customer = added.externalUserId;
    $('new-name').value = '';
    await refresh();
  } catch (e) {
    // shown in #message
  }
});
$('employee').addEventListener('change', () => {
  $('editor').hidden = true;
  refresh();
});
$('edit-save').addEventListener('click', () => saveEditor().then(refresh).catch(() => {}));
$('edit-cancel').addEventListener('click', () => { $('editor').hidden = true; });
$('resign').addEventListener('click', async () => {
  const me = selected();
  if (!window.confirm(`${employeeName(me)} 离职后，其客户进入待分配列表（get_unassigned_list），等待离职继承。继续？`)) return;
  try {
    await call('POST', `/employees/${encodeURIComponent(me)}/resign`);
    await loadEmployees();
    await refresh();
  } catch (e) {
    // shown in #message
  }
});
$('advance-20s').addEventListener('click', () => advance(20).catch(() => {}));
$('advance-1h').addEventListener('click', () => advance(3600).catch(() => {}));
$('advance-24h').addEventListener('click', () => advance(86400).catch(() => {}));

await loadEmployees();
tags = await call('GET', '/tags');
await refresh();
// the welcome and the gateway's doings arrive on their own: look again every second
setInterval(() => { if (!document.hidden) refresh().catch(() => {}); }, 1000);
