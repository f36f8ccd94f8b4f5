// The 客户联系 page: a person acts in an employee's WeCom client. Plain ES module, no build step.
const $ = (id) => document.getElementById(id);
const api = '/simulator/api/contacts';
const statusNames = { 1: '接替完毕', 2: '等待接替', 3: '客户拒绝', 4: '接替成员客户已达上限' };
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
      line.textContent = (r.kind === 'welcome' ? '欢迎语：' : '转接消息：') + r.text;
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
  const [customers, transfers, posted, clock] = await Promise.all([
    call('GET', `/employees/${encodeURIComponent(me)}/customers`),
    call('GET', '/transfers'),
    call('GET', '/callbacks'),
    call('GET', '/clock'),
  ]);
  renderCustomers(customers, clock.now);
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
