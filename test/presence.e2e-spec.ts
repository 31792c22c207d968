import type { TwilsockClient } from 'twilsock';
import { PrismaService } from '../src/prisma/prisma.service';
import { freePort, spawnRouterProcess, startRouter, type RouterProcess, type RunningRouter, eventuallyPasses } from './support';
import { EventLog, newChatTenant, TWILSOCK_EVENTS, twilsockClient, type ChatTenant } from './support/realtime';

/** Small, so that a killed process's users go offline within seconds. */
const PRESENCE_TTL_MS = 1_500;

/**
 * Reachability across API processes: two routers in this process (A and B, each its own presence
 * process id) plus, for the crash, a router process of its own that is SIGKILLed.
 */
describe('Reachability: user.isOnline across API processes (e2e)', () => {
  let a: RunningRouter;
  let b: RunningRouter;
  let tenant: ChatTenant;
  let prisma: PrismaService;
  const open = new Set<TwilsockClient>();

  beforeAll(async () => {
    const env = { REALTIME_PRESENCE_TTL_MS: String(PRESENCE_TTL_MS) };
    a = await startRouter({ role: 'all', env });
    b = await startRouter({ role: 'api', env });
    tenant = await newChatTenant(a);
    await tenant.account.client.conversations.v1.services(tenant.serviceSid).configuration().update({ reachabilityEnabled: true });
    prisma = a.app.get(PrismaService);
  });

  afterAll(async () => {
    await Promise.all([...open].map((c) => c.disconnect()));
    await b?.close();
    await a?.close();
  });

  async function connect(router: Pick<RunningRouter, 'baseUrl'>, identity: string, who = tenant): Promise<TwilsockClient> {
    const client = twilsockClient(router as RunningRouter, who.token({ identity }));
    const log = new EventLog(client, TWILSOCK_EVENTS);
    client.connect();
    await log.next('initialized');
    open.add(client);
    return client;
  }

  async function disconnect(client: TwilsockClient): Promise<void> {
    open.delete(client);
    await client.disconnect();
  }

  const restUser = async (identity: string, who = tenant) =>
    (await who.account.client.conversations.v1.services(who.serviceSid).users(identity).fetch()).toJSON() as {
      isOnline: boolean | null;
      isNotifiable: boolean | null;
    };
  const isOnline = async (identity: string, who = tenant) => (await restUser(identity, who)).isOnline;
  const reachabilityChanges = async (identity: string, who = tenant) =>
    prisma.$queryRaw<{ user_seq: bigint }[]>`
      SELECT user_seq FROM change_events
       WHERE type = 'user.reachability' AND service_sid = ${who.serviceSid} AND identity = ${identity}
       ORDER BY id`;
  const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

  it('is online while any connection is up on any process, offline after the last; REST and the change feed agree', async () => {
    const viaA = await connect(a, 'dora');
    await eventuallyPasses(async () => expect(await isOnline('dora')).toBe(true));
    expect(await reachabilityChanges('dora')).toHaveLength(1);

    const viaB = await connect(b, 'dora');
    await settle();
    expect(await isOnline('dora')).toBe(true);

    await disconnect(viaA);
    await settle();
    expect(await isOnline('dora')).toBe(true);
    expect(await reachabilityChanges('dora')).toHaveLength(1);

    await disconnect(viaB);
    await eventuallyPasses(async () => expect(await isOnline('dora')).toBe(false));
    const changes = await reachabilityChanges('dora');
    expect(changes).toHaveLength(2);
    // Each took a position in the user's stream, stamped on users.reachability_seq.
    const [user] = await prisma.$queryRaw<{ reachability_seq: bigint; online: boolean }[]>`
      SELECT reachability_seq, online FROM users WHERE service_sid = ${tenant.serviceSid} AND identity = 'dora'`;
    expect(user).toEqual({ reachability_seq: changes[1].user_seq, online: false });
    expect(changes[1].user_seq).toBeGreaterThan(changes[0].user_seq);
  });

  it('ends consistent when connections open and close at once on both processes', async () => {
    for (let round = 0; round < 3; round++) {
      const clients = await Promise.all([connect(a, 'eve'), connect(b, 'eve'), connect(a, 'eve'), connect(b, 'eve')]);
      await eventuallyPasses(async () => expect(await isOnline('eve')).toBe(true));
      await Promise.all(clients.map(disconnect));
      await eventuallyPasses(async () => expect(await isOnline('eve')).toBe(false));
    }
    await settle();
    expect(await isOnline('eve')).toBe(false);
    // Every change recorded was a real change: online, offline, online, offline ...
    const changes = await reachabilityChanges('eve');
    expect(changes).toHaveLength(6);
  });

  it('is_notifiable follows the push registrations, with a reachability change each time it changes', async () => {
    const fay = await connect(a, 'fay');
    await eventuallyPasses(async () =>
      expect(await restUser('fay')).toEqual(expect.objectContaining({ isOnline: true, isNotifiable: false })),
    );
    expect(await reachabilityChanges('fay')).toHaveLength(1);
    const register = (token: string) =>
      fay.post(
        'https://ers.us1.twilio.com/v1/registrations?productId=ip_messaging',
        { 'Content-Type': 'application/json' },
        { endpoint_platform: 'web', channel_type: 'fcm', version: '3', message_types: [], data: { registration_id: token } },
        'ip_messaging',
      );
    const { id } = (await register('fay-token')).body as { id: string };
    expect((await restUser('fay')).isNotifiable).toBe(true);
    expect(await reachabilityChanges('fay')).toHaveLength(2);
    // A second device: still notifiable, no change.
    await register('fay-token-2');
    expect(await reachabilityChanges('fay')).toHaveLength(2);

    const bindings = tenant.account.client.conversations.v1.services(tenant.serviceSid).bindings;
    await bindings(id).remove();
    expect((await restUser('fay')).isNotifiable).toBe(true);
    for (const binding of await bindings.list({ identity: ['fay'] })) await bindings(binding.sid).remove();
    expect((await restUser('fay')).isNotifiable).toBe(false);
    expect(await reachabilityChanges('fay')).toHaveLength(3);
    await disconnect(fay);
  });

  it('writes nothing for a service without reachability: is_online stays null', async () => {
    const quiet = await newChatTenant(a);
    const client = await connect(b, 'gus', quiet);
    await settle();
    expect(await restUser('gus', quiet)).toEqual(expect.objectContaining({ isOnline: null, isNotifiable: null }));
    await disconnect(client);
    await settle();
    expect(await reachabilityChanges('gus', quiet)).toHaveLength(0);
  });

  it('a stopped API process (SIGTERM) takes its users offline as it stops, not a TTL later', async () => {
    const port = await freePort();
    const stopping = await spawnRouterProcess('api', {
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      // Long: going offline must not wait for it.
      REALTIME_PRESENCE_TTL_MS: '60000',
    });
    try {
      await connect({ baseUrl: `http://127.0.0.1:${port}` }, 'kit');
      await eventuallyPasses(async () => expect(await isOnline('kit')).toBe(true));
      await stopping.stop();
      expect(await isOnline('kit')).toBe(false);
      expect(await reachabilityChanges('kit')).toHaveLength(2);
    } finally {
      await stopping.kill().catch(() => undefined);
    }
  }, 30_000);

  describe('a killed API process', () => {
    let killed: RouterProcess | undefined;

    afterAll(async () => {
      await killed?.kill().catch(() => undefined);
    });

    it('takes its users offline within the presence TTL; a user also connected elsewhere stays online', async () => {
      const port = await freePort();
      killed = await spawnRouterProcess('api', {
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        REALTIME_PRESENCE_TTL_MS: String(PRESENCE_TTL_MS),
      });
      const c = { baseUrl: `http://127.0.0.1:${port}` };
      const only = await connect(c, 'hal');
      await connect(c, 'ivy');
      await connect(b, 'ivy');
      await eventuallyPasses(async () => expect(await isOnline('hal')).toBe(true));
      expect(await isOnline('ivy')).toBe(true);

      await killed.kill();
      const at = Date.now();
      await eventuallyPasses(async () => expect(await isOnline('hal')).toBe(false), 10_000);
      expect(Date.now() - at).toBeLessThan(3 * PRESENCE_TTL_MS + 2_000);
      expect(await isOnline('ivy')).toBe(true);
      expect(await reachabilityChanges('hal')).toHaveLength(2);
      await disconnect(only);
    }, 30_000);
  });
});
