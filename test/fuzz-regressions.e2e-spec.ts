import net from 'node:net';
import { errorOf, newAccount, raw, startRouter, uniqueNumber, type RawResponse, type RunningRouter, type TestAccount } from './support';

/** What the route fuzzer (fuzz-routes.e2e-spec.ts) found, one focused test each. */
describe('Fuzzer findings (e2e)', () => {
  let router: RunningRouter;
  let account: TestAccount;
  let auth: [string, string];

  beforeAll(async () => {
    router = await startRouter();
    account = await newAccount(router, 'fuzz findings');
    auth = [account.sid, account.authToken];
  });

  afterAll(async () => {
    await router?.close();
  });

  const v1 = () => account.client.conversations.v1;

  /** The same request six times at once: exactly one succeeds, the others see the resource gone (404: 20404, or 50360 for a webhook), none fails. */
  async function racing(method: 'DELETE' | 'POST', path: string, form?: [string, string][]): Promise<RawResponse[]> {
    return Promise.all(Array.from({ length: 6 }, () => raw(router, { auth, method, path, form })));
  }

  function expectOneWinner(answers: RawResponse[], winner: number) {
    expect(answers.map((a) => a.status).sort()).toEqual([winner, 404, 404, 404, 404, 404]);
    for (const lost of answers.filter((a) => a.status === 404)) expect([20404, 50360]).toContain(errorOf(lost).code);
  }

  it('concurrent removals of one participant, message, conversation webhook or address configuration: one 204, the rest 404', async () => {
    const c = await v1().conversations.create({});
    const participant = await v1().conversations(c.sid).participants.create({ identity: 'racer' });
    const message = await v1().conversations(c.sid).messages.create({ body: 'racing' });
    const hook = await v1()
      .conversations(c.sid)
      .webhooks.create({ target: 'webhook', 'configuration.url': 'http://127.0.0.1:9/hook', 'configuration.filters': ['onMessageAdded'] });
    const address = await v1().addressConfigurations.create({ type: 'sms', address: uniqueNumber() });

    expectOneWinner(await racing('DELETE', `/v1/Conversations/${c.sid}/Participants/${participant.sid}`), 204);
    expectOneWinner(await racing('DELETE', `/v1/Conversations/${c.sid}/Messages/${message.sid}`), 204);
    expectOneWinner(await racing('DELETE', `/v1/Conversations/${c.sid}/Webhooks/${hook.sid}`), 204);
    expectOneWinner(await racing('DELETE', `/v1/Configuration/Addresses/${address.sid}`), 204);
    expect((await v1().conversations(c.sid).participants.list()).map((p) => p.sid)).not.toContain(participant.sid);
    expect((await v1().conversations(c.sid).messages.list()).map((m) => m.sid)).not.toContain(message.sid);
  });

  it('an update racing a removal is a 200 before it or a 404 after it, never a 500', async () => {
    const c = await v1().conversations.create({});
    const message = await v1().conversations(c.sid).messages.create({ body: 'racing' });
    const hook = await v1()
      .conversations(c.sid)
      .webhooks.create({ target: 'webhook', 'configuration.url': 'http://127.0.0.1:9/hook', 'configuration.filters': ['onMessageAdded'] });
    const address = await v1().addressConfigurations.create({ type: 'sms', address: uniqueNumber() });
    for (const [path, form] of [
      [`/v1/Conversations/${c.sid}/Messages/${message.sid}`, [['Body', 'edited']]],
      [`/v1/Conversations/${c.sid}/Webhooks/${hook.sid}`, [['Configuration.Method', 'GET']]],
      [`/v1/Configuration/Addresses/${address.sid}`, [['FriendlyName', 'renamed']]],
    ] as [string, [string, string][]][]) {
      const answers = await Promise.all([
        ...Array.from({ length: 3 }, () => raw(router, { auth, method: 'POST', path, form })),
        raw(router, { auth, method: 'DELETE', path }),
        ...Array.from({ length: 3 }, () => raw(router, { auth, method: 'POST', path, form })),
      ]);
      expect(answers[3].status).toBe(204);
      for (const a of answers) expect([200, 204, 404]).toContain(a.status);
      expect((await raw(router, { auth, path })).status).toBe(404);
    }
  });

  it('HEAD with a request line over the limit gets 431 and no body after the headers', async () => {
    const { hostname, port } = new URL(router.baseUrl);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), hostname, () =>
        socket.write(`HEAD /v1/Conversations?x=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`),
      );
      let data = '';
      socket.on('data', (chunk: Buffer) => (data += chunk.toString('latin1')));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    const [head, body] = answer.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 431 /);
    expect(head).toMatch(/content-length: \d+/i);
    expect(body).toBe('');
  });

  it('dates before the year 100 are the dates written, not 19xx', async () => {
    const res = await raw(router, { auth, path: '/v1/Conversations', form: [['DateCreated', '0099-12-31T23:59:59Z']] });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ date_created: '0099-12-31T23:59:59Z' });
  });
});
