import { Client as ConversationsClient } from '@twilio/conversations';
import { EventEmitter } from 'node:events';
import twilio from 'twilio';
import { TwilsockClient } from 'twilsock';
import { WebSocket } from 'ws';
import { newAccount, type TestAccount } from './accounts';
import { raw } from './http';
import { startRouter, type RunningRouter } from './router';

/** The websocket URL the chat SDKs are given (`{ twilsock: { uri } }`). */
export const wsUrl = (router: RunningRouter) => `${router.baseUrl.replace(/^http/, 'ws')}/v3/wsconnect`;

/** An account with an API key and its default Conversation Service: what a chat backend mints tokens with. */
export interface ChatTenant {
  account: TestAccount;
  key: { sid: string; secret: string };
  serviceSid: string;
  /** An access token as `twilio.jwt.AccessToken` + `ChatGrant` mint it. */
  token(options?: { identity?: string; ttl?: number; serviceSid?: string | null; secret?: string; keySid?: string }): string;
}

export async function newChatTenant(router: RunningRouter): Promise<ChatTenant> {
  const account = await newAccount(router);
  const key = await account.client.newKeys.create({ friendlyName: 'chat tokens' });
  const serviceSid = (await account.client.conversations.v1.configuration().fetch()).defaultChatServiceSid;
  return {
    account,
    key: { sid: key.sid, secret: key.secret },
    serviceSid,
    token: (options = {}) => {
      const token = new twilio.jwt.AccessToken(account.sid, options.keySid ?? key.sid, options.secret ?? key.secret, {
        identity: options.identity ?? 'alice',
        ttl: options.ttl ?? 600,
      });
      const grantService = options.serviceSid === undefined ? serviceSid : options.serviceSid;
      if (grantService !== null) token.addGrant(new twilio.jwt.AccessToken.ChatGrant({ serviceSid: grantService }));
      return token.toJwt();
    },
  };
}

/** An SDK client the suite shuts down after its tests. */
interface ShutsDown {
  shutdown(): Promise<unknown>;
}

/**
 * The frame of an SDK suite: a router (API and worker in one process, or `role` api) and a chat tenant made before
 * its tests, and the SDK clients it tracks shut down after them, then the router. Read `router` and
 * `tenant` inside tests and hooks (they exist once beforeAll has run).
 */
export function sdkSuite(options: { role?: 'all' | 'api' } = {}): {
  readonly router: RunningRouter;
  readonly tenant: ChatTenant;
  track<C extends ShutsDown>(client: C): C;
} {
  let router: RunningRouter | undefined;
  let tenant: ChatTenant | undefined;
  const clients: ShutsDown[] = [];
  beforeAll(async () => {
    router = await startRouter({ role: options.role ?? 'all' });
    tenant = await newChatTenant(router);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.shutdown().catch(() => undefined)));
    await router?.close();
  });
  return {
    get router() {
      return router!;
    },
    get tenant() {
      return tenant!;
    },
    track(client) {
      clients.push(client);
      return client;
    },
  };
}

/** Counts the websocket upgrades the router's HTTP server receives: connection attempts, whatever their fate. */
export function countUpgrades(router: RunningRouter): { readonly count: number; stop(): void } {
  const server = router.app.getHttpServer() as import('node:http').Server;
  let count = 0;
  const onUpgrade = () => (count += 1);
  server.on('upgrade', onUpgrade);
  return {
    get count() {
      return count;
    },
    stop: () => server.off('upgrade', onUpgrade),
  };
}

type Emitter = { on(event: string, listener: (...args: unknown[]) => void): unknown };

/** Records every event an emitter emits, in order, with its arguments; `next` waits for one. */
export class EventLog {
  readonly events: { name: string; args: unknown[]; at: number }[] = [];
  private readonly arrived = new EventEmitter();

  /** `emitter`: anything with Node's `on(event, listener)` (the SDK clients are typed per event). */
  constructor(
    emitter: object,
    names: readonly string[],
    private readonly start = Date.now(),
  ) {
    const on = (emitter as Emitter).on.bind(emitter);
    for (const name of names) {
      on(name, (...args: unknown[]) => {
        this.events.push({ name, args, at: Date.now() - this.start });
        this.arrived.emit(name, args);
      });
    }
  }

  names(): string[] {
    return this.events.map((e) => e.name);
  }

  args(name: string): unknown[][] {
    return this.events.filter((e) => e.name === name).map((e) => e.args);
  }

  /** The arguments of the first `name` event (already seen or coming), or a rejection after timeoutMs. */
  next(name: string, timeoutMs = 10_000): Promise<unknown[]> {
    const seen = this.events.find((e) => e.name === name);
    if (seen) return Promise.resolve(seen.args);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.arrived.off(name, onEvent);
        reject(new Error(`no "${name}" event within ${timeoutMs} ms; saw ${JSON.stringify(this.names())}`));
      }, timeoutMs);
      const onEvent = (args: unknown[]) => {
        clearTimeout(timer);
        resolve(args);
      };
      this.arrived.once(name, onEvent);
    });
  }
}

/** Resolves once `condition()` holds, polling every 20 ms; rejects after timeoutMs. */
export async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The official `twilsock` client (the package the SDK uses, unmodified), not yet connected. */
export function twilsockClient(router: RunningRouter, token: string): TwilsockClient {
  return new TwilsockClient(token, 'ip_messaging', { twilsock: { uri: wsUrl(router) }, logLevel: 'silent' });
}

export const TWILSOCK_EVENTS = [
  'connected',
  'initialized',
  'disconnected',
  'stateChanged',
  'connectionError',
  'tokenAboutToExpire',
  'tokenExpired',
  'message',
] as const;

/** A raw websocket to /v3/wsconnect for what no SDK sends: malformed frames, floods. */
export async function rawSocket(router: RunningRouter, options: ConstructorParameters<typeof WebSocket>[2] = {}): Promise<RawSocket> {
  const ws = new WebSocket(wsUrl(router), options);
  const socket = new RawSocket(ws);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return socket;
}

export class RawSocket {
  readonly received: Buffer[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => this.received.push(data));
    ws.on('error', () => undefined);
    this.closed = new Promise((resolve) =>
      ws.once('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() })),
    );
  }

  /** A Twilsock v3 frame built by hand (lengths in bytes, as the protocol wants). */
  sendFrame(header: Record<string, unknown>, payload = ''): void {
    const body = Buffer.from(payload);
    const head = Buffer.from(JSON.stringify({ ...header, payload_size: body.length }));
    this.ws.send(Buffer.concat([Buffer.from(`TWILSOCK V3.0 ${head.length}\r\n`), head, Buffer.from('\r\n'), body]));
  }

  /** The headers of the Twilsock frames received so far. */
  headers(): Record<string, unknown>[] {
    return this.received.map((frame) => {
      const eol = frame.indexOf('\r\n');
      const length = Number(frame.subarray(0, eol).toString().split(' ')[2]);
      return JSON.parse(frame.subarray(eol + 2, eol + 2 + length).toString()) as Record<string, unknown>;
    });
  }
}

/**
 * The official Conversations Client (unmodified) for an identity, pointed at the router, once it has
 * initialised; `events` are recorded on its EventLog (with stateChanged and initFailed).
 */
export async function sdkClient(
  router: RunningRouter,
  tenant: ChatTenant,
  identity: string,
  events: readonly string[] = [],
): Promise<{ client: ConversationsClient; log: EventLog }> {
  const client = new ConversationsClient(tenant.token({ identity, ttl: 3600 }), {
    twilsock: { uri: wsUrl(router) },
    logLevel: 'silent',
  } as never);
  const log = new EventLog(client, [...events, 'stateChanged', 'initFailed']);
  const [state] = await Promise.race([log.next('stateChanged', 15_000), log.next('initFailed', 15_000).then((e) => [JSON.stringify(e)])]);
  if (state !== 'initialized') {
    await client.shutdown().catch(() => undefined);
    throw new Error(`the Client of ${identity} did not initialise: ${String(state)}`);
  }
  return { client, log };
}

const SIMULATOR_AUTH = (): [string, string] => [process.env.TWILIO_ACCOUNT_SID!, process.env.TWILIO_AUTH_TOKEN!];
const phonePath = (phone: string) => `/simulator/phones/${encodeURIComponent(phone)}/messages`;

/** A phone texts `to` through the simulator carrier (the router's signed inbound webhook); resolves once the router answered it. */
export async function textFromPhone(router: RunningRouter, phone: string, to: string, body: string, mediaUrl?: string): Promise<void> {
  const form: [string, string][] = [
    ['To', to],
    ['Body', body],
  ];
  if (mediaUrl) form.push(['MediaUrl', mediaUrl]);
  const res = await raw(router, { method: 'POST', path: phonePath(phone), auth: SIMULATOR_AUTH(), form });
  if (res.status >= 300) throw new Error(`the simulator refused the text: ${res.status} ${res.text}`);
}

/** What the simulator carrier delivered to a phone, oldest first. */
export async function phoneInbox(router: RunningRouter, phone: string): Promise<{ body: string; media_urls: string[] }[]> {
  return (
    (await raw(router, { path: phonePath(phone), auth: SIMULATOR_AUTH() })).json as { messages: { body: string; media_urls: string[] }[] }
  ).messages;
}
