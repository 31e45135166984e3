// The sandbox chat page: plays a WhatsApp customer. What you type is posted to the sandbox,
// which delivers it to the api as a signed Meta webhook; what the api sends back through the
// sandbox's Graph API arrives here over SSE (text, reply buttons, lists, templates, read
// receipts with the typing indicator).

const $ = (id) => document.getElementById(id);
const STORE = 'mostrador.chat.identity';
const TYPING_MS = 25_000; // WhatsApp drops the indicator after 25 s

const state = { phone: '', name: '', lastSeq: 0, events: null, typingTimer: 0, mine: new Map() };

function randomPhone() {
  return `52155${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
}

function transcriptKey() {
  return `mostrador.chat.${state.phone}`;
}

function saveTranscript() {
  const items = [...$('messages').children].slice(-200).map((li) => li.dataset.entry);
  localStorage.setItem(transcriptKey(), JSON.stringify({ lastSeq: state.lastSeq, items }));
}

/** WhatsApp formatting (*bold*, _italic_, ~strike~, ```mono```) over escaped text. */
function format(text) {
  const escaped = text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return escaped
    .replace(/```([\s\S]+?)```/g, '<code>$1</code>')
    .replace(/(^|[\s(])\*(\S(?:[^*\n]*\S)?)\*(?=[\s).,!?:;]|$)/g, '$1<strong>$2</strong>')
    .replace(/(^|[\s(])_(\S(?:[^_\n]*\S)?)_(?=[\s).,!?:;]|$)/g, '$1<em>$2</em>')
    .replace(/(^|[\s(])~(\S(?:[^~\n]*\S)?)~(?=[\s).,!?:;]|$)/g, '$1<s>$2</s>')
    .replace(/\n/g, '<br>');
}

function time(at) {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

function bubble(kind, entry) {
  const li = document.createElement('li');
  li.className = `bubble ${kind}`;
  li.dataset.entry = JSON.stringify(entry);
  return li;
}

function addText(li, cls, text) {
  if (!text) return;
  const div = document.createElement('div');
  div.className = cls;
  div.innerHTML = format(text);
  li.append(div);
}

function meta(li, at, ticks) {
  const span = document.createElement('span');
  span.className = 'meta';
  span.textContent = time(at);
  if (ticks !== undefined) {
    const t = document.createElement('span');
    t.className = 'ticks';
    t.textContent = ` ${ticks}`;
    span.append(t);
  }
  li.append(span);
  return span;
}

function scrollDown() {
  const list = $('messages');
  list.scrollTop = list.scrollHeight;
}

/** A message the customer (you) sent. */
function renderMine(entry) {
  const li = bubble('me', entry);
  li.dataset.wamid = entry.wamid ?? '';
  addText(li, 'text', entry.text);
  const span = meta(li, entry.at, entry.state === 'read' ? '✓✓' : entry.state === 'sent' ? '✓' : '🕓');
  if (entry.state === 'read') span.querySelector('.ticks').classList.add('read');
  if (entry.state === 'error') {
    li.classList.add('error');
    span.querySelector('.ticks').textContent = ` ⚠ ${entry.error}`;
  }
  $('messages').append(li);
  if (entry.wamid) state.mine.set(entry.wamid, li);
  return li;
}

function updateMine(li, changes) {
  const entry = { ...JSON.parse(li.dataset.entry), ...changes };
  const fresh = renderMine(entry);
  li.replaceWith(fresh);
  saveTranscript();
  return fresh;
}

/** A message the shop's bot sent (an SSE `message` event). */
function renderBot(event) {
  const { payload, type } = event;
  const li = bubble('bot', { who: 'bot', event });
  if (type === 'text') {
    addText(li, 'text', payload.text?.body ?? '');
  } else if (type === 'interactive') {
    const it = payload.interactive ?? {};
    if (it.header?.type === 'text') addText(li, 'header', it.header.text);
    addText(li, 'text', it.body?.text ?? '');
    addText(li, 'footer', it.footer?.text);
    const actions = document.createElement('div');
    actions.className = 'actions';
    if (it.type === 'button') {
      for (const button of it.action?.buttons ?? []) {
        const b = document.createElement('button');
        b.type = 'button';
        b.textContent = button.reply.title;
        b.dataset.replyId = button.reply.id;
        b.addEventListener('click', () => {
          b.classList.add('chosen');
          void send({ type: 'button_reply', id: button.reply.id, title: button.reply.title, context: event.wamid });
        });
        actions.append(b);
      }
    } else if (it.type === 'list') {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = `☰ ${it.action?.button ?? 'Ver opciones'}`;
      b.addEventListener('click', () => openList(it, event.wamid));
      actions.append(b);
    }
    meta(li, event.at);
    li.append(actions);
    $('messages').append(li);
    return;
  } else if (type === 'template') {
    li.classList.add('template');
    addText(li, 'text', `Plantilla *${payload.template?.name}* (${payload.template?.language?.code})`);
  } else {
    addText(li, 'text', `[${type}]`);
  }
  meta(li, event.at);
  $('messages').append(li);
}

function openList(interactive, context) {
  const dialog = $('list-dialog');
  $('list-title').textContent = interactive.action?.button ?? '';
  const holder = $('list-sections');
  holder.replaceChildren();
  for (const section of interactive.action?.sections ?? []) {
    if (section.title) {
      const h = document.createElement('h3');
      h.textContent = section.title;
      holder.append(h);
    }
    for (const row of section.rows ?? []) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'row';
      b.dataset.rowId = row.id;
      b.textContent = row.title;
      if (row.description) {
        const small = document.createElement('small');
        small.textContent = row.description;
        b.append(small);
      }
      b.addEventListener('click', () => {
        dialog.close();
        void send({ type: 'list_reply', id: row.id, title: row.title, description: row.description, context });
      });
      holder.append(b);
    }
  }
  dialog.showModal();
}

function showTyping(on) {
  clearTimeout(state.typingTimer);
  $('typing').hidden = !on;
  $('presence').textContent = on ? 'escribiendo…' : 'sandbox · WhatsApp de la tienda';
  if (on) state.typingTimer = setTimeout(() => showTyping(false), TYPING_MS);
  scrollDown();
}

function onEvent(event) {
  if (typeof event.seq === 'number') state.lastSeq = Math.max(state.lastSeq, event.seq);
  if (event.kind === 'message') {
    showTyping(false);
    renderBot(event);
  } else if (event.kind === 'read') {
    // Marking one message read marks the earlier ones read too.
    const target = state.mine.get(event.messageId);
    if (target) {
      const earlier = [...state.mine.values()].filter(
        (li) =>
          li === target || (li.isConnected && li.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING),
      );
      for (const li of earlier) {
        if (JSON.parse(li.dataset.entry).state === 'sent') updateMine(li, { state: 'read' });
      }
    }
    if (event.typing) showTyping(true);
  }
  saveTranscript();
  scrollDown();
}

function connect() {
  state.events?.close();
  const url = `/sandbox/chat/events?phone=${encodeURIComponent(state.phone)}&after=${state.lastSeq}`;
  const source = new EventSource(url);
  source.onmessage = (message) => onEvent(JSON.parse(message.data));
  source.onopen = () => document.body.setAttribute('data-connected', 'true');
  source.onerror = () => document.body.setAttribute('data-connected', 'false');
  state.events = source;
}

async function send(content) {
  const text = content.type === 'text' ? content.body : content.title;
  let li = renderMine({ who: 'me', text, at: new Date().toISOString(), state: 'pending' });
  scrollDown();
  try {
    const response = await fetch('/sandbox/chat/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone: state.phone, name: state.name, message: content }),
    });
    const result = await response.json();
    if (!response.ok) throw new Error(result.message ?? `HTTP ${response.status}`);
    li = updateMine(li, {
      wamid: result.wamid,
      state: result.apiStatus === 200 ? 'sent' : 'error',
      error: result.apiStatus === 0 ? 'el api no responde' : `el api respondió ${result.apiStatus}`,
    });
  } catch (error) {
    updateMine(li, { state: 'error', error: error.message });
  }
}

function start(name, phone) {
  state.name = name;
  state.phone = phone;
  localStorage.setItem(STORE, JSON.stringify({ name, phone }));
  $('identity').hidden = true;
  $('chat').hidden = false;
  $('change').hidden = false;
  $('messages').replaceChildren();
  state.mine.clear();
  state.lastSeq = 0;
  const saved = JSON.parse(localStorage.getItem(transcriptKey()) ?? 'null');
  if (saved) {
    state.lastSeq = saved.lastSeq ?? 0;
    for (const raw of saved.items ?? []) {
      const entry = JSON.parse(raw);
      if (entry.who === 'me') renderMine(entry);
      else if (entry.who === 'bot') renderBot(entry.event);
    }
  }
  connect();
  scrollDown();
  $('text').focus();
}

document.addEventListener('DOMContentLoaded', () => {
  const saved = JSON.parse(localStorage.getItem(STORE) ?? 'null');
  $('name').value = saved?.name ?? '';
  $('phone').value = saved?.phone ?? randomPhone();

  $('identity').addEventListener('submit', (e) => {
    e.preventDefault();
    start($('name').value.trim(), $('phone').value.trim());
  });
  $('composer').addEventListener('submit', (e) => {
    e.preventDefault();
    const body = $('text').value.trim();
    if (!body) return;
    $('text').value = '';
    void send({ type: 'text', body });
  });
  $('change').addEventListener('click', () => {
    state.events?.close();
    $('chat').hidden = true;
    $('change').hidden = true;
    $('identity').hidden = false;
  });
});
