import {
  errorOf,
  expectRestError,
  newAccount,
  raw,
  startRouter,
  twilioClient,
  type RawResponse,
  type RunningRouter,
  type TestAccount,
} from './support';
import { flushQueuePrefix } from './support/queues';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let lastOctet = 0;
/** A client address of its own per test (the routers trust X-Forwarded-For from loopback, as from a load balancer). */
const clientAddress = () => `198.51.100.${++lastOctet}`;

/**
 * Failed authentications are throttled per client address and per credential, across API
 * processes (Redis): slowed first, then refused with 429 / 20429 for a while, except for requests
 * whose credentials already authenticated.
 */
describe('Authentication throttling (e2e, two API processes sharing Redis)', () => {
  // Counters of their own: the other test files' routers count loopback's failures under the shared prefix.
  const prefix = `test-throttle-${process.pid}`;
  const limits = {
    BULLMQ_PREFIX: prefix,
    AUTH_FAILURES_PER_ADDRESS: '5',
    AUTH_FAILURES_PER_CREDENTIAL: '8',
    AUTH_SLOW_AFTER: '3',
    AUTH_SLOW_DELAY_MS: '400',
    AUTH_FAILURE_WINDOW: 'PT1M',
    AUTH_BLOCK_DURATION: 'PT3S',
  };
  let one: RunningRouter;
  let two: RunningRouter;

  beforeAll(async () => {
    one = await startRouter({ role: 'api', env: limits });
    two = await startRouter({ role: 'api', env: limits });
  });

  afterAll(async () => {
    await one?.close();
    await two?.close();
    await flushQueuePrefix(prefix);
  });

  const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const call = async (router: RunningRouter, authorization: string, from: string): Promise<RawResponse & { ms: number }> => {
    const started = Date.now();
    const res = await raw(router, { path: '/v1/Services', authorization, forwardedFor: from });
    return { ...res, ms: Date.now() - started };
  };

  it('per client address: slowed after 3 failures, refused after 5 on either process, while known credentials keep working', async () => {
    const account: TestAccount = await newAccount(one, 'throttled address');
    const address = clientAddress();
    const right = basic(account.sid, account.authToken);
    expect((await call(one, right, address)).status).toBe(200); // the client's own credentials, used before

    const answers: { status: number; ms: number }[] = [];
    for (let i = 0; i < 5; i++) answers.push(await call(i % 2 ? two : one, basic(account.sid, `wrong-${i}`), address));
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401]);
    expect(answers.slice(0, 3).every((a) => a.ms < 300)).toBe(true);
    expect(answers.slice(3).every((a) => a.ms >= 380)).toBe(true);

    // Blocked on both processes: a guess is not even checked.
    for (const router of [one, two]) {
      const refused = await call(router, basic(account.sid, 'wrong-again'), address);
      expect(refused.status).toBe(429);
      expect(errorOf(refused)).toMatchObject({ code: 20429 });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    // The right credentials this client used before still pass, on either process.
    expect((await call(two, right, address)).status).toBe(200);
    expect((await call(one, right, address)).status).toBe(200);
    // The right credentials of an account never seen from anywhere are refused like a guess during the block.
    const other = await newAccount(one, 'never used');
    expect((await call(one, basic(other.sid, other.authToken), address)).status).toBe(429);
    // Other addresses are not affected.
    expect((await call(two, basic(account.sid, 'wrong'), clientAddress())).status).toBe(401);

    await sleep(3_200);
    expect((await call(one, basic(account.sid, 'wrong-after'), address)).status).toBe(401);
    expect((await call(one, basic(other.sid, other.authToken), address)).status).toBe(200);
  }, 20_000);

  it('per credential: guesses at one Account SID from many addresses lock that SID, not its known clients nor other accounts', async () => {
    const target = await newAccount(one, 'throttled credential');
    const bystander = await newAccount(one, 'bystander');
    // The account's own backend, through the official client: authenticated before the attack.
    await expect(target.client.conversations.v1.services.list()).resolves.toHaveLength(1);

    for (let i = 0; i < 8; i++) expect((await call(i % 2 ? one : two, basic(target.sid, `guess-${i}`), clientAddress())).status).toBe(401);
    const refused = await call(two, basic(target.sid, 'guess-9'), clientAddress());
    expect(refused.status).toBe(429);
    expect(errorOf(refused).code).toBe(20429);

    // What the official client sees with a wrong token now: a RestException 429 / 20429.
    await expectRestError(twilioClient(target.sid, 'a-wrong-token', { baseUrl: one.baseUrl }).conversations.v1.services.list(), 429, 20429);
    // The account's backend keeps working, and another account is not touched.
    await expect(target.client.conversations.v1.services.list()).resolves.toHaveLength(1);
    expect((await call(two, basic(bystander.sid, bystander.authToken), clientAddress())).status).toBe(200);
    expect((await call(two, basic(bystander.sid, 'wrong'), clientAddress())).status).toBe(401);
  }, 20_000);

  it("the simulator carrier's door (TWILIO_AUTH_TOKEN, which also signs carrier webhooks) is throttled the same way", async () => {
    const address = clientAddress();
    const carrier = basic(process.env.TWILIO_ACCOUNT_SID!, process.env.TWILIO_AUTH_TOKEN!);
    const faults = (authorization: string) => raw(one, { path: '/simulator/faults', authorization, forwardedFor: address });
    expect((await faults(carrier)).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await faults(basic(process.env.TWILIO_ACCOUNT_SID!, `guess-${i}`))).status).toBe(401);
    const refused = await faults(basic(process.env.TWILIO_ACCOUNT_SID!, 'guess-6'));
    expect(refused.status).toBe(429);
    expect(errorOf(refused).code).toBe(20429);
    expect((await faults(carrier)).status).toBe(200);
  }, 20_000);
});
