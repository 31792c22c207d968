import type { ConversationInstance } from 'twilio/lib/rest/conversations/v1/conversation';
import { errorOf, expectRestError, newAccount, raw, startRouter, type RunningRouter, type TestAccount } from './support';

type Timers = { date_inactive?: string; date_closed?: string };
const timersOf = (c: ConversationInstance) => c.timers as Timers;
const sids = (items: { sid: string }[]) => items.map((i) => i.sid);

/** Milliseconds between an ISO date and a reference instant. */
const after = (iso: string | undefined, from: number) => (iso === undefined ? NaN : Date.parse(iso) - from);

describe('/v1/Conversations (e2e)', () => {
  let router: RunningRouter;
  let account: TestAccount;

  beforeAll(async () => {
    router = await startRouter();
    account = await newAccount(router, 'conversations');
  });

  afterAll(async () => {
    await router?.close();
  });

  const conversations = () => account.client.conversations.v1.conversations;

  describe('create', () => {
    it('with every field, as the official client sends them', async () => {
      const defaultService = (await account.client.conversations.v1.configuration().fetch()).defaultChatServiceSid;
      const started = Date.now();
      const created = await conversations().create({
        friendlyName: 'Support #42 ünïcode ✓',
        uniqueName: 'support-42',
        attributes: JSON.stringify({ ticket: 42, tags: ['a', 'b'] }),
        messagingServiceSid: `MG${'ab'.repeat(16)}`,
        state: 'inactive',
        'timers.inactive': 'PT5M',
        'timers.closed': 'PT1H',
        dateCreated: new Date('2024-01-02T03:04:05Z'),
        dateUpdated: new Date('2024-01-03T04:05:06Z'),
        'bindings.email.address': 'support@example.com',
        'bindings.email.name': 'Support',
      });
      const url = `${router.baseUrl}/v1/Conversations/${created.sid}`;
      expect(created.toJSON()).toMatchObject({
        sid: expect.stringMatching(/^CH[0-9a-f]{32}$/),
        accountSid: account.sid,
        chatServiceSid: defaultService,
        messagingServiceSid: `MG${'ab'.repeat(16)}`,
        friendlyName: 'Support #42 ünïcode ✓',
        uniqueName: 'support-42',
        attributes: '{"ticket":42,"tags":["a","b"]}',
        dateCreated: new Date('2024-01-02T03:04:05Z'),
        dateUpdated: new Date('2024-01-03T04:05:06Z'),
        state: 'inactive',
        bindings: { email: { projected_address: 'support@example.com', name: 'Support' } },
        url,
        links: {
          participants: `${url}/Participants`,
          messages: `${url}/Messages`,
          webhooks: `${url}/Webhooks`,
          export: `${url}/Export`,
        },
      });
      // Inactive: only the closed timer runs, counted from now.
      expect(timersOf(created).date_inactive).toBeUndefined();
      expect(after(timersOf(created).date_closed, started)).toBeGreaterThan(3_600_000 - 5_000);
      expect(after(timersOf(created).date_closed, started)).toBeLessThan(3_600_000 + 5_000);
    });

    it('with nothing: Twilio’s defaults, the wire shape of the example', async () => {
      const res = await raw(router, { path: '/v1/Conversations', auth: [account.sid, account.authToken], form: '' });
      expect(res.status).toBe(201);
      const body = res.json as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(
        [
          'sid',
          'account_sid',
          'chat_service_sid',
          'messaging_service_sid',
          'friendly_name',
          'unique_name',
          'attributes',
          'date_created',
          'date_updated',
          'state',
          'timers',
          'bindings',
          'url',
          'links',
        ].sort(),
      );
      expect(body).toMatchObject({
        account_sid: account.sid,
        messaging_service_sid: null,
        friendly_name: null,
        unique_name: null,
        attributes: '{}',
        state: 'active',
        timers: {},
        bindings: {},
      });
      expect(body.date_created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(body.date_updated).toBe(body.date_created);
    });

    it('timers are reflected in timers.date_inactive / date_closed', async () => {
      const started = Date.now();
      const created = await conversations().create({ 'timers.inactive': 'PT10M', 'timers.closed': 'P1D' });
      expect(after(timersOf(created).date_inactive, started)).toBeGreaterThan(600_000 - 5_000);
      expect(after(timersOf(created).date_inactive, started)).toBeLessThan(600_000 + 5_000);
      expect(after(timersOf(created).date_closed, started)).toBeGreaterThan(86_400_000 - 5_000);
      expect(after(timersOf(created).date_closed, started)).toBeLessThan(86_400_000 + 5_000);
      const fetched = await conversations()(created.sid).fetch();
      expect(fetched.timers).toEqual(created.timers);
    });

    it('a duplicate unique name is 409 / 50353, and only one exists', async () => {
      await conversations().create({ uniqueName: 'only-once' });
      const err = await expectRestError(conversations().create({ uniqueName: 'only-once', friendlyName: 'second' }), 409, 50353);
      expect(err.message).toContain('only-once');
      const all = await conversations().list();
      expect(all.filter((c) => c.uniqueName === 'only-once')).toHaveLength(1);
      expect(all.map((c) => c.friendlyName)).not.toContain('second');
    });

    it('concurrent creates with one unique name: exactly one wins, the others get 50353', async () => {
      const attempts = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) => conversations().create({ uniqueName: 'race', friendlyName: `racer ${i}` })),
      );
      const won = attempts.filter((r): r is PromiseFulfilledResult<ConversationInstance> => r.status === 'fulfilled');
      const lost = attempts.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost.map((r) => (r.reason as { status: number; code: number }).code)).toEqual(Array(5).fill(50353));
      const named = (await conversations().list()).filter((c) => c.uniqueName === 'race');
      expect(sids(named)).toEqual([won[0].value.sid]);
    });

    it('a unique name shaped like a CH SID is 50390', async () => {
      await expectRestError(conversations().create({ uniqueName: `CH${'a'.repeat(32)}` }), 400, 50390);
      await expectRestError(conversations().create({ uniqueName: `CH${'A'.repeat(32)}` }), 400, 50390);
      // Other prefixes are fine as names.
      const ok = await conversations().create({ uniqueName: `IS${'a'.repeat(32)}` });
      expect(ok.uniqueName).toBe(`IS${'a'.repeat(32)}`);
    });

    it('State=closed on create is 50384, and nothing is created', async () => {
      const before = (await conversations().list()).length;
      const err = await expectRestError(conversations().create({ state: 'closed', friendlyName: 'never' }), 400, 50384);
      expect(err.message).toBe("Initial state can't be 'closed'");
      expect(await conversations().list()).toHaveLength(before);
    });

    it('timer rules on create: too short 50375 / 50376, malformed 50379 / 50380', async () => {
      const before = (await conversations().list()).length;
      await expectRestError(conversations().create({ 'timers.inactive': 'PT0.5S' }), 400, 50375);
      await expectRestError(conversations().create({ 'timers.closed': 'PT1S' }), 400, 50376);
      await expectRestError(conversations().create({ 'timers.inactive': '5m' }), 400, 50379);
      await expectRestError(conversations().create({ 'timers.closed': 'forever' }), 400, 50380);
      expect(await conversations().list()).toHaveLength(before);
    });
  });

  describe('fetch, update, delete by SID and by unique name', () => {
    it('fetches by SID and by unique name alike', async () => {
      const created = await conversations().create({ friendlyName: 'aliased', uniqueName: 'alias-1' });
      const bySid = await conversations()(created.sid).fetch();
      const byName = await conversations()('alias-1').fetch();
      expect(bySid.toJSON()).toEqual(created.toJSON());
      expect(byName.toJSON()).toEqual(created.toJSON());
      const upper = await raw(router, {
        path: `/v1/Conversations/CH${created.sid.slice(2).toUpperCase()}`,
        auth: [account.sid, account.authToken],
      });
      expect(upper.status).toBe(200);
      expect(upper.json).toMatchObject({ sid: created.sid });
    });

    it('a unique name with spaces or non-ASCII works as an alias', async () => {
      const name = 'ticket 7 ünï ✓';
      const created = await conversations().create({ uniqueName: name });
      expect((await conversations()(name).fetch()).sid).toBe(created.sid);
      expect((await conversations()(name).update({ friendlyName: 'by alias' })).friendlyName).toBe('by alias');
    });

    it('a unique name with "/", "#" or "?" works as a percent-encoded alias', async () => {
      // twilio-node refuses "/" and "?" in path parameters, so these go through fetch.
      const name = 'queue/7 #urgent? 100%';
      const created = await conversations().create({ uniqueName: name });
      const res = await raw(router, { path: `/v1/Conversations/${encodeURIComponent(name)}`, auth: [account.sid, account.authToken] });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ sid: created.sid, unique_name: name });
    });

    it('updates fields by SID and by unique name', async () => {
      const created = await conversations().create({ friendlyName: 'before', uniqueName: 'upd-1', attributes: '{"v":1}' });
      const updated = await conversations()('upd-1').update({
        friendlyName: 'after',
        attributes: '{"v":2}',
        messagingServiceSid: `MG${'c'.repeat(32)}`,
      });
      expect(updated).toMatchObject({
        sid: created.sid,
        friendlyName: 'after',
        attributes: '{"v":2}',
        uniqueName: 'upd-1',
        messagingServiceSid: `MG${'c'.repeat(32)}`,
      });
      expect(updated.dateUpdated.getTime()).toBeGreaterThanOrEqual(created.dateUpdated.getTime());

      const renamed = await conversations()(created.sid).update({ uniqueName: 'upd-2' });
      expect(renamed.uniqueName).toBe('upd-2');
      await expectRestError(conversations()('upd-1').fetch(), 404, 20404);
      expect((await conversations()('upd-2').fetch()).friendlyName).toBe('after');

      const cleared = await conversations()(created.sid).update({ uniqueName: '' });
      expect(cleared.uniqueName).toBeNull();
      await expectRestError(conversations()('upd-2').fetch(), 404, 20404);
    });

    it('an update to a taken unique name is 50353 and changes nothing', async () => {
      await conversations().create({ uniqueName: 'taken-1' });
      const other = await conversations().create({ uniqueName: 'taken-2', friendlyName: 'keep me' });
      await expectRestError(conversations()(other.sid).update({ uniqueName: 'taken-1', friendlyName: 'changed' }), 409, 50353);
      expect(await conversations()(other.sid).fetch()).toMatchObject({ uniqueName: 'taken-2', friendlyName: 'keep me' });
      await expectRestError(conversations()(other.sid).update({ uniqueName: `CH${'0'.repeat(32)}` }), 400, 50390);
    });

    it('deletes by SID and by unique name (204), then 404', async () => {
      const a = await conversations().create({ uniqueName: 'del-1' });
      const b = await conversations().create({ uniqueName: 'del-2' });
      expect(await conversations()(a.sid).remove()).toBe(true);
      expect(await conversations()('del-2').remove()).toBe(true);
      await expectRestError(conversations()(a.sid).fetch(), 404, 20404);
      await expectRestError(conversations()(b.sid).fetch(), 404, 20404);
      await expectRestError(conversations()('del-2').remove(), 404, 20404);
      // The name is free again.
      expect((await conversations().create({ uniqueName: 'del-1' })).uniqueName).toBe('del-1');
    });

    it('unknown SIDs and names are 404 / 20404 naming the path', async () => {
      const missing = `CH${'0'.repeat(32)}`;
      const err = await expectRestError(conversations()(missing).fetch(), 404, 20404);
      expect(err.message).toBe(`The requested resource /v1/Conversations/${missing} was not found`);
      await expectRestError(conversations()(missing).update({ friendlyName: 'x' }), 404, 20404);
      await expectRestError(conversations()(missing).remove(), 404, 20404);
      await expectRestError(conversations()('no-such-name').fetch(), 404, 20404);
    });
  });

  describe('states', () => {
    it('active -> inactive -> active -> closed, with timers following the state', async () => {
      const created = await conversations().create({ 'timers.inactive': 'PT1M', 'timers.closed': 'PT10M' });
      expect(created.state).toBe('active');
      expect(timersOf(created)).toEqual({ date_inactive: expect.any(String), date_closed: expect.any(String) });

      const inactive = await conversations()(created.sid).update({ state: 'inactive' });
      expect(inactive.state).toBe('inactive');
      expect(timersOf(inactive)).toEqual({ date_closed: expect.any(String) });

      const started = Date.now();
      const active = await conversations()(created.sid).update({ state: 'ACTIVE' as 'active' });
      expect(active.state).toBe('active');
      expect(after(timersOf(active).date_inactive, started)).toBeGreaterThan(60_000 - 5_000);
      expect(after(timersOf(active).date_inactive, started)).toBeLessThan(60_000 + 5_000);

      const closed = await conversations()(created.sid).update({ state: 'closed' });
      expect(closed.state).toBe('closed');
      expect(closed.timers).toEqual({});
    });

    it('changing only the timers recomputes them', async () => {
      const created = await conversations().create({});
      expect(created.timers).toEqual({});
      const started = Date.now();
      const updated = await conversations()(created.sid).update({ 'timers.closed': 'PT30M' });
      expect(timersOf(updated).date_inactive).toBeUndefined();
      expect(after(timersOf(updated).date_closed, started)).toBeGreaterThan(1_800_000 - 5_000);
      expect(after(timersOf(updated).date_closed, started)).toBeLessThan(1_800_000 + 5_000);
      await expectRestError(conversations()(created.sid).update({ 'timers.inactive': 'PT0.1S' }), 400, 50375);
    });

    it('a closed conversation cannot be updated (50377) but can be deleted', async () => {
      const created = await conversations().create({ friendlyName: 'final', uniqueName: 'closed-1' });
      await conversations()(created.sid).update({ state: 'closed' });
      const err = await expectRestError(conversations()(created.sid).update({ friendlyName: 'reopened?' }), 400, 50377);
      expect(err.message).toContain(created.sid);
      await expectRestError(conversations()('closed-1').update({ state: 'active' }), 400, 50377);
      expect(await conversations()(created.sid).fetch()).toMatchObject({ state: 'closed', friendlyName: 'final' });
      expect(await conversations()(created.sid).remove()).toBe(true);
    });

    it('an empty State is 50374, an unknown one 50378', async () => {
      const created = await conversations().create({});
      const auth: [string, string] = [account.sid, account.authToken];
      const empty = await raw(router, { path: `/v1/Conversations/${created.sid}`, auth, form: [['State', '']] });
      expect(empty.status).toBe(400);
      expect(errorOf(empty).code).toBe(50374);
      const unknown = await raw(router, { path: `/v1/Conversations/${created.sid}`, auth, form: [['State', 'archived']] });
      expect(unknown.status).toBe(400);
      expect(errorOf(unknown).code).toBe(50378);
      expect((await conversations()(created.sid).fetch()).state).toBe('active');
    });
  });

  describe('lists', () => {
    it('filters by State', async () => {
      const owner = await newAccount(router);
      const list = owner.client.conversations.v1.conversations;
      const a = await list.create({ friendlyName: 'a' });
      const b = await list.create({ friendlyName: 'b', state: 'inactive' });
      const c = await list.create({ friendlyName: 'c' });
      await list(c.sid).update({ state: 'closed' });
      expect(sids(await list.list({ state: 'active' }))).toEqual([a.sid]);
      expect(sids(await list.list({ state: 'inactive' }))).toEqual([b.sid]);
      expect(sids(await list.list({ state: 'closed' }))).toEqual([c.sid]);
      expect(sids(await list.list())).toEqual([a.sid, b.sid, c.sid]);
      const bad = await raw(router, { path: '/v1/Conversations?State=open', auth: [owner.sid, owner.authToken] });
      expect(bad.status).toBe(400);
      expect(errorOf(bad).code).toBe(50378);
    });

    it('filters by StartDate / EndDate (whole days, inclusive) and sorts newest first', async () => {
      const owner = await newAccount(router);
      const list = owner.client.conversations.v1.conversations;
      const made: Record<string, string> = {};
      for (const day of ['2021-03-01', '2021-03-02', '2021-03-03', '2021-03-04']) {
        for (const time of ['00:00:00', '23:59:59']) {
          made[`${day}T${time}`] = (await list.create({ friendlyName: `${day} ${time}`, dateCreated: new Date(`${day}T${time}Z`) })).sid;
        }
      }
      const inRange = await list.list({ startDate: '2021-03-02', endDate: '2021-03-03' });
      expect(sids(inRange)).toEqual([
        made['2021-03-03T23:59:59'],
        made['2021-03-03T00:00:00'],
        made['2021-03-02T23:59:59'],
        made['2021-03-02T00:00:00'],
      ]);
      expect(sids(await list.list({ startDate: '2021-03-04' }))).toEqual([made['2021-03-04T23:59:59'], made['2021-03-04T00:00:00']]);
      expect(sids(await list.list({ endDate: '2021-03-01' }))).toEqual([made['2021-03-01T23:59:59'], made['2021-03-01T00:00:00']]);
      expect(sids(await list.list({ startDate: '2021-03-02T12:00:00Z', endDate: '2021-03-03T12:00:00Z' }))).toEqual([
        made['2021-03-03T00:00:00'],
        made['2021-03-02T23:59:59'],
      ]);
      // Without dates: oldest first.
      expect(sids(await list.list())).toEqual(
        Object.keys(made)
          .sort()
          .map((k) => made[k]),
      );
      const bad = await raw(router, { path: '/v1/Conversations?StartDate=last-week', auth: [owner.sid, owner.authToken] });
      expect(bad.status).toBe(400);
      expect(errorOf(bad).code).toBe(20001);
    });

    it('pages with pageSize 2: list() gathers all in order; page(), nextPage(), previousPage() keep filters', async () => {
      const owner = await newAccount(router);
      const list = owner.client.conversations.v1.conversations;
      const actives: string[] = [];
      for (let i = 0; i < 7; i++) {
        const created = await list.create({ friendlyName: `c${i}`, dateCreated: new Date(Date.UTC(2022, 0, 1, 0, 0, i)) });
        if (i % 3 === 2) await list(created.sid).update({ state: 'inactive' });
        else actives.push(created.sid);
      }
      expect(actives).toHaveLength(5);
      expect(sids(await list.list({ pageSize: 2, state: 'active' }))).toEqual(actives);
      expect(sids(await list.list({ pageSize: 2, state: 'active', limit: 3 }))).toEqual(actives.slice(0, 3));

      const p1 = await list.page({ pageSize: 2, state: 'active' });
      expect(sids(p1.instances)).toEqual(actives.slice(0, 2));
      expect(p1.previousPageUrl).toBeUndefined();
      expect(p1.nextPageUrl).toMatch(new RegExp(`^${router.baseUrl}/v1/Conversations\\?State=active&PageSize=2&Page=1&PageToken=PT`));
      const p2 = await p1.nextPage();
      expect(sids(p2!.instances)).toEqual(actives.slice(2, 4));
      const p3 = await p2!.nextPage();
      expect(sids(p3!.instances)).toEqual(actives.slice(4));
      expect(p3!.nextPageUrl).toBeUndefined();
      expect(await p3!.nextPage()).toBeUndefined();
      const back2 = await p3!.previousPage();
      expect(sids(back2!.instances)).toEqual(actives.slice(2, 4));
      expect(back2!.nextPageUrl).toContain('State=active');
      const back1 = await back2!.previousPage();
      expect(sids(back1!.instances)).toEqual(actives.slice(0, 2));
      const again = await back1!.nextPage();
      expect(sids(again!.instances)).toEqual(actives.slice(2, 4));
    });

    it('pages newest first when a date filter is used', async () => {
      const owner = await newAccount(router);
      const list = owner.client.conversations.v1.conversations;
      const made: string[] = [];
      for (let i = 0; i < 5; i++) made.push((await list.create({ dateCreated: new Date(Date.UTC(2023, 5, 1, 12, i)) })).sid);
      const newestFirst = [...made].reverse();
      expect(sids(await list.list({ pageSize: 2, startDate: '2023-06-01' }))).toEqual(newestFirst);
      const p1 = await list.page({ pageSize: 2, startDate: '2023-06-01', endDate: '2023-06-01' });
      expect(sids(p1.instances)).toEqual(newestFirst.slice(0, 2));
      const p2 = await p1.nextPage();
      expect(sids(p2!.instances)).toEqual(newestFirst.slice(2, 4));
      const back = await p2!.previousPage();
      expect(sids(back!.instances)).toEqual(newestFirst.slice(0, 2));
    });

    it('list meta: absolute URLs with the caller’s filters, key "conversations"', async () => {
      const res = await raw(router, { path: '/v1/Conversations?State=active&PageSize=1', auth: [account.sid, account.authToken] });
      expect(res.status).toBe(200);
      const body = res.json as { conversations: unknown[]; meta: Record<string, unknown> };
      expect(body.conversations).toHaveLength(1);
      expect(body.meta).toEqual({
        page: 0,
        page_size: 1,
        first_page_url: `${router.baseUrl}/v1/Conversations?State=active&PageSize=1&Page=0`,
        previous_page_url: null,
        url: `${router.baseUrl}/v1/Conversations?State=active&PageSize=1&Page=0`,
        next_page_url: expect.stringMatching(/\?State=active&PageSize=1&Page=1&PageToken=PT/),
        key: 'conversations',
      });
    });

    it('caps PageSize at 100 and rejects bad paging parameters', async () => {
      const auth: [string, string] = [account.sid, account.authToken];
      const big = await raw(router, { path: '/v1/Conversations?PageSize=1000', auth });
      expect(big.status).toBe(200);
      expect((big.json as { meta: { page_size: number } }).meta.page_size).toBe(100);
      for (const query of [
        'PageSize=0',
        'PageSize=abc',
        'Page=-1',
        'PageToken=garbage',
        'PageToken=PTMGf9a4a36b7b901e4a5d325ff1d92c6dcd',
        'PageSize=1&PageSize=2',
      ]) {
        const res = await raw(router, { path: `/v1/Conversations?${query}`, auth });
        expect(res.status).toBe(400);
        expect(errorOf(res).code).toBe(20001);
      }
    });
  });

  describe('service-scoped twins (/v1/Services/{IS}/Conversations)', () => {
    it('create, fetch, list, update and delete in a named service, apart from the default one', async () => {
      const owner = await newAccount(router);
      const service = await owner.client.conversations.v1.services.create({ friendlyName: 'scoped' });
      const scoped = owner.client.conversations.v1.services(service.sid).conversations;
      const created = await scoped.create({ friendlyName: 'in service', uniqueName: 'scoped-1' });
      const url = `${router.baseUrl}/v1/Services/${service.sid}/Conversations/${created.sid}`;
      expect(created).toMatchObject({
        chatServiceSid: service.sid,
        accountSid: owner.sid,
        url,
        links: expect.objectContaining({ participants: `${url}/Participants` }),
      });

      expect((await scoped('scoped-1').fetch()).sid).toBe(created.sid);
      expect(sids(await scoped.list())).toEqual([created.sid]);
      expect((await scoped(created.sid).update({ friendlyName: 'renamed' })).friendlyName).toBe('renamed');

      // Not visible through the default service, and the unique name is per service.
      await expectRestError(owner.client.conversations.v1.conversations(created.sid).fetch(), 404, 20404);
      expect(await owner.client.conversations.v1.conversations.list()).toEqual([]);
      const twin = await owner.client.conversations.v1.conversations.create({ uniqueName: 'scoped-1' });
      expect(twin.chatServiceSid).not.toBe(service.sid);

      expect(await scoped(created.sid).remove()).toBe(true);
      await expectRestError(scoped(created.sid).fetch(), 404, 20404);
    });

    it('the default service is reachable both ways', async () => {
      const owner = await newAccount(router);
      const defaultSid = (await owner.client.conversations.v1.configuration().fetch()).defaultChatServiceSid;
      const created = await owner.client.conversations.v1.conversations.create({ friendlyName: 'both' });
      const viaTwin = await owner.client.conversations.v1.services(defaultSid).conversations(created.sid).fetch();
      expect(viaTwin.sid).toBe(created.sid);
      expect(viaTwin.url).toBe(`${router.baseUrl}/v1/Services/${defaultSid}/Conversations/${created.sid}`);
    });

    it("another account's service, an unknown one or a wrong prefix is 404, with nothing written", async () => {
      const owner = await newAccount(router);
      const other = await newAccount(router);
      const foreign = await other.client.conversations.v1.services.create({ friendlyName: 'not yours' });
      const scoped = owner.client.conversations.v1.services(foreign.sid).conversations;
      const err = await expectRestError(scoped.create({ friendlyName: 'intruder' }), 404, 20404);
      expect(err.message).toBe(`The requested resource /v1/Services/${foreign.sid}/Conversations was not found`);
      await expectRestError(scoped.list(), 404, 20404);
      expect(await other.client.conversations.v1.services(foreign.sid).conversations.list()).toEqual([]);

      await expectRestError(owner.client.conversations.v1.services(`IS${'0'.repeat(32)}`).conversations.list(), 404, 20404);
      const wrongPrefix = await raw(router, { path: `/v1/Services/CH${'0'.repeat(32)}/Conversations`, auth: [owner.sid, owner.authToken] });
      expect(wrongPrefix.status).toBe(404);
      expect(errorOf(wrongPrefix).code).toBe(20404);
    });

    it('a deleted service stops answering at once', async () => {
      const owner = await newAccount(router);
      const service = await owner.client.conversations.v1.services.create({ friendlyName: 'short-lived' });
      const scoped = owner.client.conversations.v1.services(service.sid).conversations;
      await scoped.create({ friendlyName: 'inside' });
      await owner.client.conversations.v1.services(service.sid).remove();
      await expectRestError(scoped.list(), 404, 20404);
      await expectRestError(scoped.create({ friendlyName: 'after delete' }), 404, 20404);
    });
  });
});
