import type { TwilsockClient } from 'twilsock';
import { TwilioError } from '../src/common/twilio-error';
import { RealtimeSessions } from '../src/realtime/realtime-sessions';
import type { RealtimeSession, SessionEvent, UpstreamRequest } from '../src/realtime/realtime.types';
import { UpstreamRouter } from '../src/realtime/upstream-router';
import { rootClient, startRouter, twilioClient, type RunningRouter } from './support';
import {
  countUpgrades,
  EventLog,
  newChatTenant,
  rawSocket,
  twilsockClient,
  TWILSOCK_EVENTS,
  until,
  type ChatTenant,
} from './support/realtime';

/** A twilsock client connected and initialised with the token; its events are logged from the start. */
async function connect(router: RunningRouter, token: string): Promise<{ client: TwilsockClient; log: EventLog }> {
  const client = twilsockClient(router, token);
  const log = new EventLog(client, TWILSOCK_EVENTS);
  client.connect();
  await log.next('initialized');
  return { client, log };
}

const stateChanges = (log: EventLog) => log.args('stateChanged').map(([state]) => state);

/** What the official `twilsock` client (the SDK's transport, unmodified) sees of /v3/wsconnect. */
describe('Realtime: Twilsock with the official twilsock client (e2e)', () => {
  let router: RunningRouter;
  let tenant: ChatTenant;
  let sessions: RealtimeSessions;
  const open: TwilsockClient[] = [];

  beforeAll(async () => {
    router = await startRouter({ role: 'api' });
    tenant = await newChatTenant(router);
    sessions = router.app.get(RealtimeSessions);
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((client) => client.disconnect()));
  });

  afterAll(async () => {
    await router?.close();
  });

  const connected = async (token: string) => {
    const result = await connect(router, token);
    open.push(result.client);
    return result;
  };

  it('inits with a valid token: a session with the token account, service, identity, key and expiry, and an opened event', async () => {
    const opened: SessionEvent[] = [];
    const stop = sessions.onOpened((event) => opened.push(event));
    const before = Math.floor(Date.now() / 1000);
    const { client, log } = await connected(tenant.token({ identity: 'init-alice', ttl: 900 }));
    stop();

    expect(client.isConnected).toBe(true);
    expect(client.state).toBe('connected');
    expect(log.names()).not.toContain('connectionError');
    const [session] = sessions.forIdentity(tenant.account.sid, tenant.serviceSid, 'init-alice');
    expect(session).toEqual({
      id: expect.any(String),
      accountSid: tenant.account.sid,
      serviceSid: tenant.serviceSid,
      identity: 'init-alice',
      userSid: expect.stringMatching(/^US[0-9a-f]{32}$/),
      apiKeySid: tenant.key.sid,
      expiresAt: expect.any(Date),
    });
    expect(session.expiresAt.getTime() / 1000).toBeGreaterThanOrEqual(before + 900);
    expect(session.expiresAt.getTime() / 1000).toBeLessThanOrEqual(before + 902);
    expect(opened).toEqual([{ session, identitySessions: 1 }]);
  });

  it('counts the sessions of one identity and reports the last one closing', async () => {
    const closed: SessionEvent[] = [];
    const stop = sessions.onClosed((event) => event.session.identity === 'two-tabs' && closed.push(event));
    const first = await connected(tenant.token({ identity: 'two-tabs' }));
    await connected(tenant.token({ identity: 'two-tabs' }));
    expect(sessions.forIdentity(tenant.account.sid, tenant.serviceSid, 'two-tabs')).toHaveLength(2);

    await first.client.disconnect();
    await until(() => closed.length === 1);
    expect(closed[0]).toMatchObject({ session: { identity: 'two-tabs' }, identitySessions: 1 });
    await Promise.all(open.splice(0).map((client) => client.disconnect()));
    await until(() => closed.length === 2);
    expect(closed[1]).toMatchObject({ session: { identity: 'two-tabs' }, identitySessions: 0 });
    expect(sessions.forIdentity(tenant.account.sid, tenant.serviceSid, 'two-tabs')).toEqual([]);
    stop();
  });

  describe('upstream requests', () => {
    const seen: { session: RealtimeSession; request: UpstreamRequest }[] = [];
    let unregister: (() => void)[] = [];

    beforeAll(() => {
      const upstream = router.app.get(UpstreamRouter);
      unregister = [
        upstream.register('/e2e/Things', {
          handle: async (session, request) => {
            seen.push({ session, request });
            return { status: 201, headers: { ETag: '"7"' }, body: { sid: 'TH1', body: request.body, params: request.params } };
          },
        }),
        upstream.register('/e2e/Refusing', {
          handle: async () => {
            throw new TwilioError(50350, 404, 'Conversation CHx not found');
          },
        }),
        upstream.register('/e2e/Broken', {
          handle: async () => {
            throw new Error('a bug in a handler');
          },
        }),
      ];
    });

    afterAll(() => unregister.forEach((fn) => fn()));

    it('round-trips to the handler registered for the path: the session, the request as sent, the answer as returned', async () => {
      const { client } = await connected(tenant.token({ identity: 'upstream-alice' }));
      const reply = await client.post(
        'https://aim.us1.twilio.com/e2e/Things/Sub?PageSize=5&Order=desc&Tag=a&Tag=b',
        { 'Content-Type': 'application/json; charset=utf-8', 'X-Twilio-Mutation-Id': 'mut-1' },
        { body: 'héllo ☃', attributes: '{}' },
      );

      expect(reply).toEqual({
        status: { code: 201, status: 'Created' },
        headers: { ETag: '"7"', 'Content-Type': 'application/json' },
        body: { sid: 'TH1', body: { body: 'héllo ☃', attributes: '{}' }, params: { PageSize: '5', Order: 'desc', Tag: ['a', 'b'] } },
      });
      expect(seen).toHaveLength(1);
      expect(seen[0].session).toMatchObject({ identity: 'upstream-alice', accountSid: tenant.account.sid, serviceSid: tenant.serviceSid });
      expect(seen[0].request).toEqual({
        id: expect.stringMatching(/^TM/),
        grant: 'ip_messaging',
        host: 'aim.us1.twilio.com',
        method: 'POST',
        path: '/e2e/Things/Sub',
        params: { PageSize: '5', Order: 'desc', Tag: ['a', 'b'] },
        headers: { 'content-type': 'application/json; charset=utf-8', 'x-twilio-mutation-id': 'mut-1' },
        body: { body: 'héllo ☃', attributes: '{}' },
      });
    });

    it('answers a path nobody handles with 404 and a handler error with its status; the connection stays up', async () => {
      const { client, log } = await connected(tenant.token({ identity: 'upstream-bob' }));
      const failure = (call: Promise<unknown>) =>
        call.then(
          () => {
            throw new Error('expected an upstream error');
          },
          (err: { status: number; description: string; body: unknown }) => ({
            status: err.status,
            description: err.description,
            body: err.body,
          }),
        );

      await expect(failure(client.get('https://cds.us1.twilio.com/e2e/Nobody/MPx', {}))).resolves.toEqual({
        status: 404,
        description: 'The requested resource /e2e/Nobody/MPx was not found',
        body: {
          code: 20404,
          message: 'The requested resource /e2e/Nobody/MPx was not found',
          more_info: 'https://www.twilio.com/docs/errors/20404',
          status: 404,
        },
      });
      await expect(failure(client.delete('https://aim.us1.twilio.com/e2e/Refusing/CHx', {}))).resolves.toMatchObject({
        status: 404,
        body: { code: 50350, message: 'Conversation CHx not found', status: 404 },
      });
      await expect(failure(client.put('https://aim.us1.twilio.com/e2e/Broken', {}, { a: 1 }))).resolves.toMatchObject({
        status: 500,
        body: { code: 20500, status: 500, message: expect.stringMatching(/^Internal server error; quote request id [0-9a-f-]{36}/) },
      });
      expect(client.isConnected).toBe(true);
      expect(stateChanges(log)).toEqual(['connecting', 'connected']);
    });
  });

  it('delivers a notification to the session and reports the client ack', async () => {
    const { log } = await connected(tenant.token({ identity: 'notified-alice' }));
    const [session] = sessions.forIdentity(tenant.account.sid, tenant.serviceSid, 'notified-alice');
    const payload = { event_type: 'map_item_updated', event: { id: 3, item_data: { text: 'Zoë ☃' } } };

    await expect(sessions.notify(session.id, 'com.twilio.rtd.cds.map', payload)).resolves.toBe('acked');
    expect(await log.next('message')).toEqual(['com.twilio.rtd.cds.map', payload]);
    await expect(sessions.notify('no-such-session', 'com.twilio.rtd.cds.map', payload)).resolves.toBe('no-session');
  });

  it('updates its token on the same connection: the session takes the new key and expiry', async () => {
    const secondKey = await tenant.account.client.newKeys.create({ friendlyName: 'rotated' });
    const upgrades = countUpgrades(router);
    const { client, log } = await connected(tenant.token({ identity: 'updating-alice', ttl: 600 }));
    const [session] = sessions.forIdentity(tenant.account.sid, tenant.serviceSid, 'updating-alice');
    const firstExpiry = session.expiresAt.getTime();

    await client.updateToken(tenant.token({ identity: 'updating-alice', ttl: 3600, keySid: secondKey.sid, secret: secondKey.secret }));

    expect(session.apiKeySid).toBe(secondKey.sid);
    expect(session.expiresAt.getTime()).toBeGreaterThanOrEqual(firstExpiry + 2_990_000);
    expect(client.isConnected).toBe(true);
    expect(stateChanges(log)).toEqual(['connecting', 'connected']);
    expect(sessions.get(session.id)).toBe(session);
    expect(upgrades.count).toBe(1);
    upgrades.stop();
  });

  it('refuses an update to another identity: denied, terminal, no reconnect', async () => {
    const upgrades = countUpgrades(router);
    const { client, log } = await connected(tenant.token({ identity: 'stubborn-alice' }));

    await expect(client.updateToken(tenant.token({ identity: 'mallory' }))).rejects.toBeDefined();
    expect(await log.next('connectionError')).toEqual([
      {
        terminal: true,
        message: 'Connection error: Invalid access token grants: a token update must keep the account, service and identity',
        httpStatusCode: 403,
        errorCode: 20106,
      },
    ]);
    await until(() => client.state === 'denied');
    await until(() => sessions.forIdentity(tenant.account.sid, tenant.serviceSid, 'stubborn-alice').length === 0);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // the SDK's first retry would come after ~1 s
    expect(upgrades.count).toBe(1);
    expect(sessions.forIdentity(tenant.account.sid, tenant.serviceSid, 'mallory')).toEqual([]);
    upgrades.stop();
  });

  it('gets tokenAboutToExpire once its token is in its final three minutes, and not before', async () => {
    const soon = await connected(tenant.token({ identity: 'expiring-alice', ttl: 170 }));
    const later = await connected(tenant.token({ identity: 'lasting-alice', ttl: 600 }));
    await soon.log.next('tokenAboutToExpire', 2_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(later.log.names()).not.toContain('tokenAboutToExpire');
    expect(soon.client.isConnected).toBe(true);
  });

  it('is closed when its token expires without an update: tokenExpired, disconnected, no reconnect', async () => {
    const upgrades = countUpgrades(router);
    const { client, log } = await connected(tenant.token({ identity: 'expired-alice', ttl: 2 }));
    await log.next('tokenAboutToExpire', 1_000);
    await log.next('tokenExpired', 4_000);
    await until(() => client.state === 'disconnected', 5_000); // the SDK waits up to 3 s for the socket to close
    expect(sessions.forIdentity(tenant.account.sid, tenant.serviceSid, 'expired-alice')).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(upgrades.count).toBe(1);
    upgrades.stop();
  });

  it('closes its connections with 1001 when the router shuts down, and the SDK starts reconnecting', async () => {
    const doomed = await startRouter({ role: 'api' });
    const { client, log } = await connect(doomed, tenant.token({ identity: 'shutdown-alice' }));
    const raw = await rawSocket(doomed);

    await doomed.close();

    await expect(raw.closed).resolves.toEqual({ code: 1001, reason: 'server shutting down' });
    await until(() => stateChanges(log).length === 3);
    expect(stateChanges(log)).toEqual(['connecting', 'connected', 'connecting']);
    expect(log.names()).not.toContain('connectionError');
    await client.disconnect();
  });

  describe('credentials revoked through another API process', () => {
    let other: RunningRouter;

    beforeAll(async () => {
      other = await startRouter({ role: 'api' });
    });

    afterAll(async () => {
      await other?.close();
    });

    /** The tenant's account as seen through `other`: changes made there reach `router` over Redis only. */
    const viaOther = (t: ChatTenant) => twilioClient(t.account.sid, t.account.authToken, { baseUrl: other.baseUrl });

    /** Connects `identity` to `router`, makes the change through `other`, and checks the SDK's end. */
    async function closedAfter(t: ChatTenant, identity: string, change: () => Promise<unknown>, bystanderToken?: string) {
      const upgrades = countUpgrades(router);
      const { client, log } = await connected(t.token({ identity }));
      const bystander = bystanderToken ? await connected(bystanderToken) : undefined;
      await change();
      // The router closes at once; the SDK then waits up to 3 s for the socket before calling itself disconnected.
      await until(() => sessions.forIdentity(t.account.sid, t.serviceSid, identity).length === 0, 2_000);
      // The state is set before its event is emitted: wait for the event the assertion reads.
      await until(() => stateChanges(log).includes('disconnected'), 6_000);
      expect(client.state).toBe('disconnected');
      expect(stateChanges(log)).toEqual(['connecting', 'connected', 'disconnecting', 'disconnected']);
      expect(log.names()).not.toContain('tokenExpired');
      await new Promise((resolve) => setTimeout(resolve, 1_500)); // the SDK's first retry would come after ~1 s
      expect(upgrades.count).toBe(bystander ? 2 : 1);
      if (bystander) expect(bystander.client.isConnected).toBe(true);
      upgrades.stop();
    }

    it("closes the sessions of a deleted API key, and only that key's", async () => {
      const t = await newChatTenant(router);
      const otherKey = await t.account.client.newKeys.create({ friendlyName: 'stays' });
      const bystander = t.token({ identity: 'bystander', keySid: otherKey.sid, secret: otherKey.secret });
      await closedAfter(t, 'deleted-key-alice', () => viaOther(t).keys(t.key.sid).remove(), bystander);
    });

    it('closes the sessions of a suspended account', async () => {
      const t = await newChatTenant(router);
      await closedAfter(t, 'suspended-alice', () => rootClient(other).api.v2010.accounts(t.account.sid).update({ status: 'suspended' }));
    });

    it('closes the sessions of a deleted Conversation Service', async () => {
      const t = await newChatTenant(router);
      const service = await t.account.client.conversations.v1.services.create({ friendlyName: 'short-lived' });
      const scoped: ChatTenant = { ...t, serviceSid: service.sid, token: (o = {}) => t.token({ ...o, serviceSid: service.sid }) };
      await closedAfter(scoped, 'deleted-service-alice', () => viaOther(t).conversations.v1.services(service.sid).remove());
    });
  });
});
