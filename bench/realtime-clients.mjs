// bench:realtime's client process: holds many chat connections and reports over IPC. Commands:
//   {cmd:'connect', uri, tokens, listSid?, concurrency}  -> {connected, failed, ms}   (init, then optionally
//        subscribe each client to the messages list `listSid`)
//   {cmd:'stats'}                                          -> {received: {index: [latency ms...]}}
//   {cmd:'reset'} / {cmd:'close'}
// A message's body is "<sentAt ms>:<tag>"; its latency is the time from sentAt to its list_item_added here.
import { LeanClient } from './lean-twilsock.mjs';

const clients = [];
let received = new Map(); // tag -> latencies

function onEvent(payload) {
  const events = payload?.events ?? (payload?.event ? [payload.event] : []);
  if (payload?.event_type !== 'list_item_added') return;
  const now = Date.now();
  for (const e of events) {
    const text = e.item_data?.text ?? '';
    const colon = text.indexOf(':');
    if (colon < 0) continue;
    const sentAt = Number(text.slice(0, colon));
    const tag = text.slice(colon + 1);
    const list = received.get(tag) ?? [];
    list.push(now - sentAt);
    received.set(tag, list);
  }
}

async function connectAll({ uri, tokens, listSid, concurrency }) {
  const started = Date.now();
  let next = 0;
  let connected = 0;
  let failed = 0;
  const errors = new Map();
  async function lane() {
    while (next < tokens.length) {
      const token = tokens[next++];
      const client = new LeanClient(uri, token, onEvent);
      try {
        await client.connect();
        if (listSid) {
          const list = await client.request('cds.us1.twilio.com', 'GET', `/v3/Lists/${listSid}`);
          if (list.status !== 200) throw new Error(`list ${list.status}`);
          await client.subscribe(listSid, 'list', list.body.last_event_id);
        }
        clients.push(client);
        connected++;
      } catch (err) {
        failed++;
        errors.set(err.message, (errors.get(err.message) ?? 0) + 1);
        client.close();
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { connected, failed, ms: Date.now() - started, errors: Object.fromEntries(errors) };
}

process.on('message', async (m) => {
  if (m.cmd === 'connect') process.send(await connectAll(m));
  else if (m.cmd === 'stats') process.send({ received: Object.fromEntries(received) });
  else if (m.cmd === 'reset') {
    received = new Map();
    process.send({ ok: true });
  } else if (m.cmd === 'close') {
    for (const c of clients) c.close();
    clients.length = 0;
    process.send({ ok: true });
  }
});
process.send({ ready: true });
