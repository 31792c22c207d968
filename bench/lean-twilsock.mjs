// A lean chat client for bench:realtime: what the official SDK does on the wire to receive one
// conversation's messages (Twilsock init, a Sync subscription with its replay, acks of every
// notification), without the SDK's objects, so that thousands fit in one process. Speaks the
// router's Twilsock codec (dist/realtime/twilsock/twilsock-codec.js) over `ws`.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import WebSocket from 'ws';

const require = createRequire(import.meta.url);
const { serializeFrame, parseFrame, decodePayload } = require('../dist/realtime/twilsock/twilsock-codec.js');

const INIT = {
  continuation_token: null,
  metadata: {
    ver: '1.0.2',
    env: 'Node.js',
    envv: process.versions.node,
    os: 'Linux',
    osv: 'unknown',
    osa: 64,
    type: 'conversations',
    sdk: 'JS',
    sdkv: '3.0.1',
  },
  registrations: [
    {
      product: 'ip_messaging',
      type: 'ers',
      notification_protocol_version: 0,
      message_types: [
        'twilio.ipmsg.typing_indicator',
        'twilio.sync.event',
        'com.twilio.rtd.cds.document',
        'com.twilio.rtd.cds.list',
        'com.twilio.rtd.cds.map',
      ],
    },
  ],
  tweaks: null,
  capabilities: ['client_update'],
};

export class LeanClient {
  /** `onEvent(payload, messageType)` for every Sync event pushed to this client. */
  constructor(uri, token, onEvent = () => undefined) {
    this.uri = uri;
    this.token = token;
    this.onEvent = onEvent;
    this.pending = new Map();
    this.establishedWaiters = new Map();
  }

  connect(timeoutMs = 30_000) {
    return new Promise((resolve, reject) => {
      const ws = (this.ws = new WebSocket(this.uri, { perMessageDeflate: false }));
      const timer = setTimeout(() => reject(new Error('init timed out')), timeoutMs);
      ws.on('error', (err) => reject(err));
      ws.on('close', () => {
        for (const { reject: fail } of this.pending.values()) fail(new Error('closed'));
        this.pending.clear();
      });
      ws.on('message', (data) => this.receive(Buffer.from(data)));
      ws.on('open', () => {
        this.send({ id: `TM${randomUUID()}`, method: 'init', token: this.token, ...INIT }).then((reply) => {
          clearTimeout(timer);
          if (reply.header.status?.code === 200) resolve();
          else reject(new Error(`init refused: ${JSON.stringify(reply.header.status)}`));
        }, reject);
      });
    });
  }

  send(header, payload) {
    return new Promise((resolve, reject) => {
      this.pending.set(header.id, { resolve, reject });
      this.ws.send(serializeFrame(header, payload));
    });
  }

  receive(data) {
    const frame = parseFrame(data, { maxHeaderBytes: 1 << 20 });
    const { header } = frame;
    if (header.method === 'reply') {
      const waiter = this.pending.get(header.id);
      this.pending.delete(header.id);
      waiter?.resolve(frame);
      return;
    }
    // Every other frame is acknowledged, as the SDK does.
    this.ws.send(serializeFrame({ id: header.id, method: 'reply', status: { code: 200, status: 'OK' } }));
    if (header.method !== 'notification') return;
    const payload = decodePayload(frame);
    if (payload?.event_type === 'subscription_established') {
      for (const e of payload.events ?? [payload.event]) this.establishedWaiters.get(e.object_sid)?.();
    }
    this.onEvent(payload, header.message_type);
  }

  /** A tunnelled request, as the SDK's `message` frames; resolves with the HTTP status and the parsed body. */
  async request(host, method, path, body) {
    const header = {
      id: `TM${randomUUID()}`,
      method: 'message',
      active_grant: 'ip_messaging',
      payload_type: 'application/json; charset=utf-8',
      http_request: { host, path, method, params: {}, headers: { 'Content-Type': 'application/json; charset=utf-8' } },
    };
    const reply = await this.send(header, body);
    return { status: reply.header.http_status?.code, body: decodePayload(reply) };
  }

  /** Subscribes to one Sync object from `lastEventId`, resolving once the server confirmed it. */
  async subscribe(objectSid, objectType, lastEventId, timeoutMs = 10_000) {
    // The SDK would ask again after estimated_delivery_in_ms; here a missing outcome is a failure.
    const established = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('subscription not established in time')), timeoutMs);
      this.establishedWaiters.set(objectSid, () => {
        clearTimeout(timer);
        resolve();
      });
    });
    established.catch(() => undefined); // awaited below; not an unhandled rejection if the request fails first
    const answer = await this.request('cds.us1.twilio.com', 'POST', '/v4/Subscriptions', {
      event_protocol_version: 4,
      action: 'establish',
      correlation_id: Date.now(),
      retried_requests: 0,
      ttl_in_s: -1,
      requests: [{ object_sid: objectSid, object_type: objectType, last_event_id: lastEventId }],
    });
    if (answer.status !== 202) throw new Error(`subscription refused: ${answer.status} ${JSON.stringify(answer.body)}`);
    await established;
  }

  close() {
    this.ws?.terminate();
  }
}
