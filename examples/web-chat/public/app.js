// The demo page: the official browser SDK (window.Twilio.Conversations, served unmodified from
// node_modules), pointed at the router with its one option, `twilsock.uri`.
/* global Twilio */
const $ = (id) => document.getElementById(id);
let client;
let identity;
let current; // the selected conversation
const unread = new Map(); // CH -> count
const typing = new Set(); // identities typing in the selected conversation

async function fetchToken(who) {
  const res = await fetch(`/token/${encodeURIComponent(who)}`, { method: 'POST' });
  if (!res.ok) throw new Error(await res.text());
  return res.json();
}

$('login').addEventListener('submit', async (e) => {
  e.preventDefault();
  $('login-status').textContent = 'Connecting…';
  try {
    const answer = await fetchToken($('identity').value.trim());
    identity = answer.identity;
    client = new Twilio.Conversations.Client(answer.token, { twilsock: { uri: answer.websocketUri } });
    client.on('connectionStateChanged', (state) => ($('connection').textContent = state));
    client.on('stateChanged', (state) => {
      if (state === 'initialized') start();
      if (state === 'failed') $('login-status').textContent = 'Could not connect.';
    });
    client.on('tokenAboutToExpire', async () => client.updateToken((await fetchToken(identity)).token));
    client.on('conversationJoined', () => renderList());
    client.on('conversationLeft', () => renderList());
    client.on('conversationRemoved', () => renderList());
    client.on('conversationUpdated', ({ conversation }) => {
      renderList();
      if (conversation === current) $('title').textContent = conversation.friendlyName ?? conversation.sid;
    });
    client.on('messageAdded', onMessageAdded);
    client.on('messageUpdated', ({ message }) => message.conversation === current && renderMessage(message));
    client.on('messageRemoved', (message) => message.conversation === current && document.getElementById(message.sid)?.remove());
    client.on('typingStarted', (p) => p.conversation === current && (typing.add(p.identity), renderTyping()));
    client.on('typingEnded', (p) => p.conversation === current && (typing.delete(p.identity), renderTyping()));
  } catch (err) {
    $('login-status').textContent = `Sign-in failed: ${err.message}`;
  }
});

async function start() {
  $('login').hidden = true;
  $('chat').hidden = false;
  $('me').textContent = identity;
  await renderList();
}

async function conversations() {
  const page = await client.getSubscribedConversations();
  const all = [...page.items];
  for (let p = page; p.hasNextPage;) {
    p = await p.nextPage();
    all.push(...p.items);
  }
  return all.filter((c) => c.status === 'joined');
}

async function renderList() {
  const list = $('conversations');
  const items = await conversations();
  for (const c of items) if (!unread.has(c.sid)) unread.set(c.sid, (await c.getUnreadMessagesCount()) ?? 0);
  list.replaceChildren(
    ...items.map((c) => {
      const li = document.createElement('li');
      li.dataset.sid = c.sid;
      li.className = c === current ? 'selected' : '';
      const name = document.createElement('span');
      name.textContent = c.friendlyName ?? c.uniqueName ?? c.sid;
      li.append(name);
      const count = unread.get(c.sid) ?? 0;
      if (count > 0 && c !== current) {
        const badge = document.createElement('span');
        badge.className = 'unread';
        badge.textContent = String(count);
        li.append(badge);
      }
      li.addEventListener('click', () => select(c));
      return li;
    }),
  );
}

async function select(conversation) {
  current = conversation;
  typing.clear();
  renderTyping();
  $('conversation').hidden = false;
  $('title').textContent = conversation.friendlyName ?? conversation.sid;
  const page = await conversation.getMessages(50);
  $('messages').replaceChildren();
  for (const m of page.items) renderMessage(m);
  await markRead();
}

async function markRead() {
  if (!current) return;
  await current.setAllMessagesRead();
  unread.set(current.sid, 0);
  await renderList();
}

async function onMessageAdded(message) {
  if (message.conversation === current) {
    renderMessage(message);
    await markRead();
  } else {
    unread.set(message.conversation.sid, (unread.get(message.conversation.sid) ?? 0) + 1);
    await renderList();
  }
}

function deliveryText(message) {
  const r = message.aggregatedDeliveryReceipt;
  if (!r) return '';
  for (const state of ['failed', 'undelivered', 'read', 'delivered', 'sent']) if (r[state] === 'all') return state;
  return r.sent === 'some' || r.delivered === 'some' ? 'sending' : 'queued';
}

function renderMessage(message) {
  let li = document.getElementById(message.sid);
  if (!li) {
    li = document.createElement('li');
    li.id = message.sid;
    $('messages').append(li);
  }
  const author = document.createElement('span');
  author.className = 'author';
  author.textContent = message.author;
  const body = document.createElement('span');
  body.className = 'body';
  body.textContent = message.body ?? '';
  const delivery = document.createElement('span');
  delivery.className = 'delivery';
  delivery.textContent = deliveryText(message);
  li.replaceChildren(author, body, delivery);
  for (const media of message.attachedMedia ?? []) {
    const img = document.createElement('img');
    img.alt = media.filename ?? 'picture';
    media.getContentTemporaryUrl().then((url) => (img.src = url));
    li.append(img);
  }
  li.scrollIntoView({ block: 'nearest' });
}

function renderTyping() {
  $('typing').textContent = typing.size ? `${[...typing].join(', ')} ${typing.size > 1 ? 'are' : 'is'} typing…` : '';
}

$('new-conversation').addEventListener('submit', async (e) => {
  e.preventDefault();
  const conversation = await client.createConversation({ friendlyName: $('new-name').value.trim() });
  await conversation.join();
  $('new-name').value = '';
  await renderList();
  await select(conversation);
});

$('add-participant').addEventListener('submit', async (e) => {
  e.preventDefault();
  await current?.add($('add-identity').value.trim());
  $('add-identity').value = '';
});

$('text').addEventListener('input', () => current?.typing());

$('composer').addEventListener('submit', async (e) => {
  e.preventDefault();
  if (!current) return;
  const file = $('picture').files[0];
  if (file) {
    await current.sendMessage({ contentType: file.type, filename: file.name, media: file });
    $('picture').value = '';
  }
  const text = $('text').value.trim();
  if (text) await current.sendMessage(text);
  $('text').value = '';
});
