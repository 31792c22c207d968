import { Client as ConversationsClient } from '@twilio/conversations';
import { newAccount, raw, startRouter, twilioClient, type RawResponse, type RunningRouter, type TestAccount } from './support';
import { EventLog, until, wsUrl } from './support/realtime';
import { routeCatalog, type CatalogRoute } from './support/fuzz/route-catalog';
import { idsFor, seedAccount, type SeededAccount } from './support/fuzz/seed-account';

/**
 * Isolation matrix: every resource kind in account A (and in A's subaccounts), then every operation
 * of the running router's route table on each of them with another tenant's credentials (B's auth
 * token, B's API key, B's access token; a subaccount's on its parent's and its sibling's resources;
 * a parent's own on its subaccount's v1 resources): each attempt fails as Twilio fails it, and no
 * answer holds anything of the target. A parent acts on its subaccount under the subaccount's
 * 2010-04-01 path, as on Twilio. Then the official chat SDK, with B's and the sibling's tokens,
 * tries A's conversation over /v3/wsconnect.
 */
describe('Isolation matrix (e2e)', () => {
  let router: RunningRouter;
  let routes: CatalogRoute[];
  let a: SeededAccount;
  let b: SeededAccount;
  let child1: SeededAccount;
  let child2: SeededAccount;

  const childOf = async (parent: TestAccount, name: string): Promise<TestAccount> => {
    const created = await parent.client.api.v2010.accounts.create({ friendlyName: name });
    return {
      sid: created.sid,
      authToken: created.authToken,
      client: twilioClient(created.sid, created.authToken, { baseUrl: router.baseUrl }),
    };
  };

  beforeAll(async () => {
    router = await startRouter();
    routes = routeCatalog(router);
    const accountA = await newAccount(router, 'matrix A');
    a = await seedAccount(router, accountA, 'ALPHA');
    b = await seedAccount(router, await newAccount(router, 'matrix B'), 'BRAVO');
    child1 = await seedAccount(router, await childOf(accountA, 'matrix A child 1'), 'CHILDONE');
    child2 = await seedAccount(router, await childOf(accountA, 'matrix A child 2'), 'CHILDTWO');
  }, 120_000);

  afterAll(async () => {
    await router?.close();
  });

  type Credential = { name: string; headers: Record<string, string> };
  const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
  const credentialsOf = (who: SeededAccount, name: string): Credential[] => [
    { name: `${name} auth token`, headers: basic(who.account.sid, who.account.authToken) },
    { name: `${name} API key`, headers: basic(who.key.sid, who.key.secret) },
    { name: `${name} access token`, headers: { 'x-twilio-token': who.token('alice') } },
  ];

  /** Operations on one resource: every route naming an id (but the simulator's and the carriers'), its path filled with the target's. */
  function operations(target: SeededAccount): { route: CatalogRoute; path: string; form?: [string, string][] }[] {
    return routes
      .filter((r) => r.pathParams.length && r.method !== 'HEAD' && !/^\/(simulator|webhooks)\//.test(r.url))
      .map((route) => {
        const path = route.url.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(idsFor(target.ids, route.url, name)[0]));
        return { route, path, form: route.method === 'POST' ? validBody(route) : undefined };
      });
  }

  /**
   * A body the route would accept for its own account (a create names what it needs, an update one
   * thing to change), so that the only thing wrong with the request is whose resource it names.
   */
  function validBody(route: CatalogRoute): [string, string][] | undefined {
    const creates: [RegExp, [string, string][]][] = [
      [/\/Participants$/, [['Identity', 'mallory']]],
      [/\/Messages$/, [['Body', 'defaced']]],
      [
        /\/Conversations\/:ConversationSid\/Webhooks$/,
        [
          ['Target', 'webhook'],
          ['Configuration.Url', 'http://127.0.0.1:9/x'],
          ['Configuration.Filters', 'onMessageAdded'],
        ],
      ],
      [/\/Users$/, [['Identity', 'mallory']]],
      [/\/Channels\/:ChannelSid\/(Members|Invites)$/, [['Identity', 'mallory']]],
      [
        /\/Channels\/:ChannelSid\/Webhooks$/,
        [
          ['Type', 'webhook'],
          ['Configuration.Url', 'http://127.0.0.1:9/x'],
          ['Configuration.Filters', 'onMessageSent'],
        ],
      ],
      [
        /^\/v2\/.*\/Roles$/,
        [
          ['FriendlyName', 'mallory'],
          ['Type', 'channel'],
          ['Permission', 'sendMessage'],
        ],
      ],
      [
        /\/Roles$/,
        [
          ['FriendlyName', 'mallory'],
          ['Type', 'conversation'],
          ['Permission', 'sendMessage'],
        ],
      ],
      [/\/Conversations$/, [['FriendlyName', 'planted']]],
      [/\/ConversationWithParticipants$/, [['FriendlyName', 'planted']]],
      [/\/Keys\.json$/, [['FriendlyName', 'planted']]],
    ];
    const create = creates.find(([pattern]) => pattern.test(route.url));
    if (create) return create[1];
    const changes: [string, string][] = [
      ['FriendlyName', 'defaced'],
      ['Attributes', '{"defaced":true}'],
      ['Body', 'defaced'],
      ['Permission', 'sendMessage'],
      ['NotificationLevel', 'muted'],
      ['Configuration.Method', 'GET'],
      ['LogEnabled', 'true'],
      ['ChannelProvider', 'simulator'],
      ['PreWebhookUrl', 'http://127.0.0.1:9/x'],
      ['ReachabilityEnabled', 'true'],
    ];
    const change = changes.find(([name]) => route.bodyParams.includes(name));
    return change ? [change] : undefined;
  }

  /** Anything of the target in an answer: its texts, or SIDs of its resources the request did not name. */
  function leaked(target: SeededAccount, path: string, res: RawResponse, form: [string, string][] = []): string[] {
    const named = decodeURIComponent(path) + JSON.stringify(form);
    return [...target.markers, ...target.sids].filter((s) => res.text.includes(s) && !named.includes(s));
  }

  const tally = { attempts: 0, resources: new Set<string>(), operations: new Set<string>(), credentials: new Set<string>() };

  async function attempt(target: SeededAccount, credential: Credential, expected: (op: CatalogRoute) => number[]) {
    const failures: string[] = [];
    for (const { route, path, form } of operations(target)) {
      const method = route.method as 'GET' | 'POST' | 'DELETE';
      const res = await raw(router, { method, path, form, headers: credential.headers });
      tally.attempts += 1;
      tally.operations.add(`${route.method} ${route.url}`);
      tally.resources.add(route.url.replace(/\/:\w+(\.json)?$/, '').replace(/\/:\w+/g, ''));
      tally.credentials.add(credential.name);
      const body = res.json as { code?: number; status?: number; more_info?: string } | undefined;
      const allowed = expected(route);
      if (!allowed.includes(res.status)) failures.push(`${route.method} ${path}: ${res.status} ${res.text.slice(0, 160)}`);
      // What may be done (a parent under its subaccount's path) is not checked further.
      if (res.status < 300) continue;
      if (body?.status !== res.status || body.more_info !== `https://www.twilio.com/docs/errors/${body.code}`)
        failures.push(`${route.method} ${path}: not a Twilio error: ${res.text.slice(0, 160)}`);
      const leaks = leaked(target, path, res, form);
      if (leaks.length) failures.push(`${route.method} ${path}: answer holds ${leaks.join(', ')}`);
    }
    return failures;
  }

  /** Routes where an access token is a credential (MCS media, as on Twilio); elsewhere it authenticates nothing. */
  const acceptsToken = (route: CatalogRoute) => /\/Media(Set)?(\/|$)/.test(route.url);
  /**
   * How Twilio refuses another tenant: 404 (the resource is not visible); a standard API key on the
   * Accounts API is 401 whatever the account; an access token is 401 on REST and, on MCS, 403 for
   * another service's media or 404.
   */
  const refusal = (credential: Credential) => (route: CatalogRoute) => {
    if (credential.headers['x-twilio-token']) return acceptsToken(route) ? [403, 404] : [401];
    if (credential.name.endsWith('API key') && route.url.startsWith('/2010-04-01/')) return [401];
    return [404];
  };

  it("B's auth token, API key and access tokens reach none of A's resources", async () => {
    const failures: string[] = [];
    for (const credential of credentialsOf(b, 'B')) failures.push(...(await attempt(a, credential, refusal(credential))));
    expect(failures).toEqual([]);
  }, 120_000);

  it("a subaccount's credentials reach neither its parent's resources nor its sibling's", async () => {
    const failures: string[] = [];
    for (const credential of credentialsOf(child1, 'child 1')) {
      failures.push(...(await attempt(a, credential, refusal(credential))));
      failures.push(...(await attempt(child2, credential, refusal(credential))));
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it("nothing was changed or removed: A's resources read as before", async () => {
    const v1 = a.account.client.conversations.v1;
    expect(await v1.conversations(a.conversationSid).fetch()).toMatchObject({
      friendlyName: 'ALPHA conversation',
      uniqueName: 'ALPHA-room',
    });
    expect((await v1.conversations(a.conversationSid).participants.list()).length).toBe(2);
    expect((await v1.conversations(a.conversationSid).messages.list()).map((m) => m.body)).toEqual(['ALPHA message']);
    expect((await v1.services(a.serviceSid).fetch()).friendlyName).toBe('ALPHA service');
    expect((await v1.roles.list()).map((r) => r.friendlyName)).toContain('ALPHA role');
    expect((await v1.users.list()).map((u) => u.friendlyName)).toContain('ALPHA user');
    expect((await v1.addressConfigurations.list()).map((c) => c.friendlyName)).toEqual(['ALPHA address']);
    expect((await v1.credentials.list()).map((c) => c.friendlyName)).toEqual(['ALPHA credential']);
    expect((await v1.conversations(a.conversationSid).webhooks.list()).length).toBe(1);
    expect((await a.account.client.api.v2010.accounts(a.account.sid).keys.list()).map((k) => k.sid)).toContain(a.key.sid);
  });

  it('lists with B’s credentials hold nothing of A', async () => {
    const failures: string[] = [];
    const lists = routes.filter((r) => r.method === 'GET' && !r.pathParams.length && !/^\/(simulator|webhooks|healthz)/.test(r.url));
    for (const credential of credentialsOf(b, 'B').slice(0, 2)) {
      for (const route of lists) {
        const query = route.queryParams.includes('Identity') ? '?Identity=alice' : '';
        const res = await raw(router, { path: route.url + query, headers: credential.headers });
        tally.attempts += 1;
        const apiKeyOnAccounts = credential.name.endsWith('API key') && route.url.startsWith('/2010-04-01/');
        if (res.status !== (apiKeyOnAccounts ? 401 : 200)) failures.push(`${route.url}: ${res.status} ${res.text.slice(0, 120)}`);
        const leaks = leaked(a, route.url, res);
        if (leaks.length) failures.push(`${route.url}: answer holds ${leaks.join(', ')}`);
      }
      const byAddress = await raw(router, {
        path: `/v1/ParticipantConversations?Address=${encodeURIComponent(a.phone)}`,
        headers: credential.headers,
      });
      expect(leaked(a, '', byAddress)).toEqual([]);
    }
    expect(failures).toEqual([]);
  });

  it("B cannot use A's resources by naming them in its own requests", async () => {
    const auth: [string, string] = [b.account.sid, b.account.authToken];
    const mine = `/v1/Conversations/${b.conversationSid}`;
    const refused = async (path: string, form: [string, string][]) => {
      const res = await raw(router, { auth, path, form });
      tally.attempts += 1;
      expect({ path, form, status: res.status < 400 ? res.status : 'refused' }).toEqual({ path, form, status: 'refused' });
      expect(leaked(a, path, res, form)).toEqual([]);
    };
    await refused(`${mine}/Participants`, [
      ['Identity', 'mallory'],
      ['RoleSid', a.ids.get('Roles/:Sid')![0]],
    ]);
    await refused(`${mine}/Participants`, [
      ['MessagingBinding.Address', '+15005550006'],
      ['MessagingBinding.ProxyAddress', a.proxy],
    ]);
    await refused(`${mine}/Messages`, [['MediaSid', a.ids.get('Media/:Sid')![0]]]);
    await refused('/v1/Configuration', [['DefaultChatServiceSid', a.defaultServiceSid]]);
    await refused('/v1/Configuration/Addresses', [
      ['Type', 'sms'],
      ['Address', a.proxy],
    ]);
    await refused(`/v1/Services/${b.defaultServiceSid}/Configuration`, [['DefaultConversationRoleSid', a.ids.get('Roles/:Sid')![0]]]);
    await refused('/v1/Users', [
      ['Identity', 'mallory'],
      ['RoleSid', a.ids.get('Roles/:Sid')![0]],
    ]);
    await refused(`/v1/Services/${a.serviceSid}/Conversations`, [['FriendlyName', 'planted']]);
    await refused('/router/v1/ProxyAddresses', [['Address', a.proxy]]);
    const mediaSet = await fetch(`${router.baseUrl}/v1/Services/${b.defaultServiceSid}/MediaSet`, {
      method: 'POST',
      headers: { 'x-twilio-token': b.token('alice'), 'content-type': 'application/json' },
      body: JSON.stringify([a.ids.get('Media/:Sid')![0]]),
    });
    const text = await mediaSet.text();
    expect(text).not.toContain('ALPHA');
  });

  describe('over the realtime socket, with the official Conversations SDK', () => {
    /** The official Client, initialised with a token; a client that fails is shut down before the error is thrown. */
    async function sdk(token: string): Promise<ConversationsClient> {
      const client = new ConversationsClient(token, { twilsock: { uri: wsUrl(router) }, logLevel: 'silent' } as never);
      let timer: NodeJS.Timeout | undefined;
      try {
        await new Promise<void>((resolve, reject) => {
          client.on('stateChanged', (state: string) => (state === 'initialized' ? resolve() : undefined));
          client.on('initFailed', ({ error }) => reject(new Error(`initFailed: ${JSON.stringify(error ?? null)}`)));
          timer = setTimeout(() => reject(new Error('the client did not initialise within 15 s')), 15_000);
        });
      } catch (err) {
        await client.shutdown().catch(() => undefined);
        throw err;
      } finally {
        clearTimeout(timer);
      }
      return client;
    }

    it("B's and a sibling's users cannot read, peek or look up A's conversation, nor find it among theirs", async () => {
      for (const [who, token] of [
        ['B', b.token('alice')],
        ['child 2', child2.token('alice')],
        ['child 1 on its parent', child1.token('alice')],
      ] as const) {
        const client = await sdk(token);
        try {
          // Each is Twilio's 404 (20404), the same as for a conversation that does not exist.
          const notFound = { status: 404, body: expect.objectContaining({ code: 20404 }) };
          await expect(client.getConversationBySid(a.conversationSid)).rejects.toMatchObject(notFound);
          await expect(client.peekConversationBySid(a.conversationSid)).rejects.toMatchObject(notFound);
          await expect(client.getConversationByUniqueName(a.uniqueName)).rejects.toMatchObject(notFound);
          const own = await client.getSubscribedConversations();
          expect({ who, sids: own.items.map((c) => c.sid) }).toEqual({ who, sids: expect.not.arrayContaining([a.conversationSid]) });
          tally.attempts += 4;
        } finally {
          await client.shutdown().catch(() => undefined);
        }
      }
    }, 120_000);

    it("a token that claims A's service with B's key, or A's account with B's key, is denied", async () => {
      const denied = async (token: string) => {
        const client = new ConversationsClient(token, { twilsock: { uri: wsUrl(router) }, logLevel: 'silent' } as never);
        const log = new EventLog(client, ['connectionError']);
        await until(() => client.connectionState === 'denied', 10_000);
        tally.attempts += 1;
        const [error] = (await log.next('connectionError')) as [{ terminal: boolean; errorCode: number }];
        await client.shutdown().catch(() => undefined);
        return error;
      };
      expect(await denied(b.token('alice', a.defaultServiceSid))).toMatchObject({ terminal: true, errorCode: 20106 });
      const [header, payload, signature] = b.token('alice').split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      const forged = Buffer.from(JSON.stringify({ ...claims, sub: a.account.sid })).toString('base64url');
      expect(await denied(`${header}.${forged}.${signature}`)).toMatchObject({ terminal: true, errorCode: 20103 });
    }, 60_000);
  });

  it("a parent's own credentials do not reach its subaccount's v1 resources, but act under the subaccount's 2010-04-01 path (last: it may remove the subaccount's key)", async () => {
    const parent = { name: 'A auth token', headers: basic(a.account.sid, a.account.authToken) };
    const underChildPath = (route: CatalogRoute) => route.url.startsWith('/2010-04-01/Accounts/');
    const failures = await attempt(child1, parent, (route) => (underChildPath(route) ? [200, 201, 204] : [404]));
    expect(failures).toEqual([]);
    const keys = await raw(router, {
      path: `/2010-04-01/Accounts/${child1.account.sid}/Keys.json`,
      auth: [a.account.sid, a.account.authToken],
    });
    expect(keys.status).toBe(200);
    // ... and never the other way round.
    const up = await raw(router, {
      path: `/2010-04-01/Accounts/${a.account.sid}/Keys.json`,
      auth: [child1.account.sid, child1.account.authToken],
    });
    expect(up.status).toBe(404);
  }, 120_000);

  afterAll(() => {
    process.stdout.write(
      `isolation matrix: ${tally.resources.size} resource kinds x ${tally.operations.size} operations x ${tally.credentials.size} credentials: ${tally.attempts} attempts\n`,
    );
  });
});
