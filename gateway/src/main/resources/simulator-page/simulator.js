// The simulator's chat page: plain ES module, no build step.
const $ = (id) => document.getElementById(id);
const names = { customer: '客户', bot: '机器人', servicer: '人工客服', system: '系统' };
let stream;

function customerId() {
  const fromUrl = new URLSearchParams(location.search).get('customer');
  if (fromUrl) return fromUrl;
  let id = localStorage.getItem('sim.customer');
  if (!id) {
    id = 'wmSimCustomer' + Math.floor(Math.random() * 100000);
    localStorage.setItem('sim.customer', id);
  }
  return id;
}

function chatUrl(suffix) {
  return `/simulator/api/chats/${encodeURIComponent($('account').value)}/${encodeURIComponent($('customer').value)}/${suffix}`;
}

async function post(suffix, body) {
  const response = await fetch(chatUrl(suffix), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body || {}),
  });
  if (!response.ok) {
    alert('模拟器拒绝了请求：' + response.status);
  }
  refreshState();
}

async function refreshState() {
  const response = await fetch(chatUrl('state'));
  if (response.ok) {
    const s = await response.json();
    // the gateway's state where it keeps the conversation itself (a handed-off customer waits in its
    // queue while WeCom still says 0 or 1); WeCom's own service_state beside it
    const reason = s.waitingReason ? `，原因 ${s.waitingReason}` : '';
    $('state').textContent = `会话状态：${s.name}${reason}（企业微信 service_state ${s.serviceState} ${s.wecomName}）`;
  }
}

function show(line) {
  const li = document.createElement('li');
  li.className = 'from-' + line.from;
  const who = document.createElement('span');
  who.className = 'who';
  who.textContent = names[line.from] || line.from;
  const bubble = document.createElement('div');
  bubble.className = 'bubble';
  if (line.menu) {
    showMenu(bubble, line.menu);
  } else {
    bubble.textContent = line.text;
  }
  li.append(who, bubble);
  $('chat').append(li);
  $('chat').scrollTop = $('chat').scrollHeight;
}

// A 猜你想问 menu (msgmenu): head, clickable items, tail. A click goes back as WeCom sends it: a text
// message whose content is the item's text and whose menu_id is the item's id.
function showMenu(bubble, menu) {
  bubble.classList.add('menu');
  if (menu.head) {
    const head = document.createElement('div');
    head.className = 'menu-head';
    head.textContent = menu.head;
    bubble.append(head);
  }
  for (const item of menu.items) {
    const link = document.createElement('button');
    link.type = 'button';
    link.className = 'menu-item';
    link.dataset.menuId = item.id;
    link.textContent = item.content;
    link.addEventListener('click', () => post('messages', { menuId: item.id, text: item.content }));
    bubble.append(link);
  }
  if (menu.tail) {
    const tail = document.createElement('div');
    tail.className = 'menu-tail';
    tail.textContent = menu.tail;
    bubble.append(tail);
  }
}

function connect() {
  if (stream) stream.close();
  $('chat').replaceChildren();
  stream = new EventSource(chatUrl('stream'));
  stream.onmessage = (event) => { show(JSON.parse(event.data)); refreshState(); };
  refreshState();
}

async function init() {
  const accounts = await (await fetch('/simulator/api/accounts')).json();
  for (const id of accounts.openKfIds) {
    const option = document.createElement('option');
    option.value = option.textContent = id;
    $('account').append(option);
  }
  $('customer').value = customerId();
  $('customer').addEventListener('change', () => { localStorage.setItem('sim.customer', $('customer').value); connect(); });
  $('account').addEventListener('change', connect);
  $('compose').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = $('text').value.trim();
    if (text) { post('messages', { text }); $('text').value = ''; }
  });
  $('enter').addEventListener('click', () => post('enter'));
  $('image').addEventListener('click', () => post('messages', { type: 'image' }));
  $('takeover').addEventListener('click', () => post('servicer', { action: 'takeover', servicer: $('servicer').value }));
  $('end').addEventListener('click', () => post('servicer', { action: 'end', servicer: $('servicer').value }));
  $('pool').addEventListener('click', () => post('servicer', { action: 'pool' }));
  $('servicer-compose').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = $('servicer-text').value.trim();
    if (text) { post('servicer', { action: 'write', servicer: $('servicer').value, text }); $('servicer-text').value = ''; }
  });
  connect();
}

init();
