import { Client } from '@twilio/conversations';
import { RealtimeSessions } from '../src/realtime/realtime-sessions';
import { rootClient, startRouter, type RunningRouter } from './support';
import { countUpgrades, EventLog, newChatTenant, until, wsUrl, type ChatTenant } from './support/realtime';

const CLIENT_EVENTS = ['connectionStateChanged', 'connectionError', 'tokenExpired', 'tokenAboutToExpire', 'stateChanged', 'initFailed'];

/** The SDK's first reconnection would come about 1 s (±20 %) after a non-terminal failure. */
const RETRY_WINDOW_MS = 1_500;

/**
 * The official `@twilio/conversations` Client, unmodified, given a token the router must refuse: it
 * must end in the SDK's own terminal state and events (what Twilio's documentation tells apps to
 * watch: connectionStateChanged "denied", tokenExpired, connectionError with terminal: true), within
 * seconds, and never try again.
 */
describe('Realtime: access tokens as the Conversations SDK sees them (e2e)', () => {
  let router: RunningRouter;
  let tenant: ChatTenant;

  beforeAll(async () => {
    router = await startRouter({ role: 'api' });
    tenant = await newChatTenant(router);
  });

  afterAll(async () => {
    await router?.close();
  });

  /** Starts a Client with the token and waits until it is denied; returns what it emitted and how often it connected. */
  async function deniedClient(token: string): Promise<{ log: EventLog; attempts: number; elapsedMs: number }> {
    const upgrades = countUpgrades(router);
    const started = Date.now();
    const client = new Client(token, { Twilsock: { uri: wsUrl(router) }, logLevel: 'silent' });
    const log = new EventLog(client, CLIENT_EVENTS);
    await until(() => client.connectionState === 'denied', 5_000);
    const elapsedMs = Date.now() - started;
    await log.next('connectionError');
    await new Promise((resolve) => setTimeout(resolve, RETRY_WINDOW_MS));
    upgrades.stop();
    expect(client.connectionState).toBe('denied');
    return { log, attempts: upgrades.count, elapsedMs };
  }

  const states = (log: EventLog) => log.args('connectionStateChanged').map(([state]) => state);

  it.each([
    ['a bad signature', () => tenant.token({ secret: 'not-the-key-secret' }), 20107, 'Invalid access token signature'],
    [
      'a token without ChatGrant',
      () => tenant.token({ serviceSid: null }),
      20106,
      'Invalid access token grants: a ChatGrant with a serviceSid is required',
    ],
    [
      'an unknown service',
      () => tenant.token({ serviceSid: `IS${'0'.repeat(32)}` }),
      20106,
      `Invalid access token grants: Conversation Service IS${'0'.repeat(32)} not found in account `,
    ],
  ])('%s: connectionState denied, one terminal connectionError, no reconnect', async (_case, token, errorCode, message) => {
    const { log, attempts, elapsedMs } = await deniedClient(token());

    expect(states(log)).toEqual(['connecting', 'denied']);
    expect(log.args('connectionError')).toEqual([
      [{ terminal: true, message: expect.stringContaining(`Connection error: ${message}`), httpStatusCode: 401, errorCode }],
    ]);
    expect(log.names()).not.toContain('tokenExpired');
    expect(log.args('stateChanged')).toContainEqual(['failed']);
    expect(elapsedMs).toBeLessThan(3_000);
    expect(attempts).toBe(1);
  });

  it('an expired token: denied, tokenExpired, a terminal connectionError 20104, no reconnect', async () => {
    const { log, attempts } = await deniedClient(tenant.token({ ttl: -60 }));

    expect(states(log)).toEqual(['connecting', 'denied']);
    expect(log.args('tokenExpired')).toEqual([[]]);
    expect(log.args('connectionError')).toEqual([
      [
        {
          terminal: true,
          message: 'Connection error: Access token expired or expiration date invalid',
          httpStatusCode: 401,
          errorCode: 20104,
        },
      ],
    ]);
    expect(attempts).toBe(1);
  });

  it('a token whose lifetime exceeds 24 hours is refused as Twilio refuses it (20104)', async () => {
    const { log, attempts } = await deniedClient(tenant.token({ ttl: 25 * 3600 }));
    expect(log.args('connectionError')).toEqual([[expect.objectContaining({ terminal: true, errorCode: 20104 })]]);
    expect(attempts).toBe(1);
  });

  it('a token signed by a deleted API key: denied, terminal connectionError 20103, no reconnect', async () => {
    const key = await tenant.account.client.newKeys.create({ friendlyName: 'deleted soon' });
    const token = tenant.token({ keySid: key.sid, secret: key.secret });
    await tenant.account.client.keys(key.sid).remove();

    const { log, attempts } = await deniedClient(token);
    expect(states(log)).toEqual(['connecting', 'denied']);
    expect(log.args('connectionError')).toEqual([[expect.objectContaining({ terminal: true, httpStatusCode: 401, errorCode: 20103 })]]);
    expect(log.names()).not.toContain('tokenExpired');
    expect(attempts).toBe(1);
  });

  it('a token of a suspended account: denied, terminal connectionError 20005, no reconnect', async () => {
    const suspended = await newChatTenant(router);
    await rootClient(router).api.v2010.accounts(suspended.account.sid).update({ status: 'suspended' });

    const { log, attempts } = await deniedClient(suspended.token());
    expect(log.args('connectionError')).toEqual([
      [
        {
          terminal: true,
          message: `Connection error: Account ${suspended.account.sid} is not active`,
          httpStatusCode: 401,
          errorCode: 20005,
        },
      ],
    ]);
    expect(attempts).toBe(1);
  });

  it('a token that expires while connected: tokenAboutToExpire, then tokenExpired and disconnected, no reconnect', async () => {
    const upgrades = countUpgrades(router);
    const client = new Client(tenant.token({ identity: 'short-lived', ttl: 3 }), { Twilsock: { uri: wsUrl(router) }, logLevel: 'silent' });
    const log = new EventLog(client, CLIENT_EVENTS);

    await log.next('tokenAboutToExpire', 2_000);
    expect(router.app.get(RealtimeSessions).forIdentity(tenant.account.sid, tenant.serviceSid, 'short-lived')).toHaveLength(1);
    await log.next('tokenExpired', 5_000);
    await until(() => client.connectionState === 'disconnected', 5_000);
    await new Promise((resolve) => setTimeout(resolve, RETRY_WINDOW_MS));

    expect(states(log)).toEqual(['connecting', 'connected', 'disconnecting', 'disconnected']);
    expect(log.names().indexOf('tokenAboutToExpire')).toBeLessThan(log.names().indexOf('tokenExpired'));
    expect(upgrades.count).toBe(1);
    upgrades.stop();
  });
});
