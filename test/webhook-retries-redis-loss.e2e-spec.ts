import { PrismaService } from '../src/prisma/prisma.service';
import { eventually, newAccount, startRouter, startWebhookReceiver, type RunningRouter, type WebhookReceiver } from './support';
import { flushQueuePrefix } from './support/queues';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const RETRY_BASE_MS = 4_000;

/**
 * A webhook's retries live in Redis only (BullMQ jobs). A Redis that loses its data while one is
 * waiting must not lose the webhook: the event stays pending in PostgreSQL until its last retry is
 * over, and the events sweeper sends it again, with the same idempotency token (RELIABILITY.md).
 */
describe('Event webhooks when Redis loses a pending retry (e2e)', () => {
  let router: RunningRouter;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    // The retry waits long enough for the test to drop Redis's data before it runs.
    router = await startRouter({ env: { WEBHOOK_RETRY_BASE_MS: String(RETRY_BASE_MS) } });
    receiver = await startWebhookReceiver();
  });

  afterAll(async () => {
    await router?.close();
    await receiver?.close();
  });

  it('the sweeper sends it again once Redis has lost the retry, with the same idempotency token, and then marks it dispatched', async () => {
    const account = await newAccount(router, 'webhooks redis loss');
    await account.client.conversations.v1.configuration.webhooks().update({
      postWebhookUrl: receiver.url('/lost/post'),
      filters: ['onConversationAdded'],
      method: 'POST',
    });
    receiver.answer('/lost/post', { status: 503 }, { status: 200 });
    const c = await account.client.conversations.v1.conversations.create({ xTwilioWebhookEnabled: 'true' });
    const ours = () => receiver.received.filter((w) => w.path === '/lost/post' && w.params.ConversationSid === c.sid);
    await receiver.waitFor('/lost/post', (w) => w.params.ConversationSid === c.sid, 1);

    // Redis loses everything under the router's prefix: the delayed retry and its bookkeeping.
    await flushQueuePrefix(process.env.BULLMQ_PREFIX!);

    const attempts = await receiver.waitFor('/lost/post', (w) => w.params.ConversationSid === c.sid, 2, RETRY_BASE_MS);
    expect(new Set(attempts.map((w) => w.headers['i-twilio-idempotency-token'])).size).toBe(1);
    const prisma = router.app.get(PrismaService);
    const event = () => prisma.changeEvent.findFirst({ where: { conversationSid: c.sid, type: 'conversation.added' } });
    expect(await eventually(event, (e) => e?.dispatchedAt != null)).toMatchObject({ dispatchedAt: expect.any(Date) });
    // The lost retry never comes back, and the sweeper does not send a taken event again.
    await sleep(RETRY_BASE_MS * 1.5);
    expect(ours()).toHaveLength(2);
  }, 30_000);

  it('a retry still waiting in Redis is left to run: the sweeper does not send the event meanwhile', async () => {
    const account = await newAccount(router, 'webhooks retry kept');
    await account.client.conversations.v1.configuration.webhooks().update({
      postWebhookUrl: receiver.url('/kept/post'),
      filters: ['onConversationAdded'],
      method: 'POST',
    });
    receiver.answer('/kept/post', { status: 503 }, { status: 200 });
    const c = await account.client.conversations.v1.conversations.create({ xTwilioWebhookEnabled: 'true' });
    const [first] = await receiver.waitFor('/kept/post', (w) => w.params.ConversationSid === c.sid, 1);
    // The sweeper looks at pending events older than OUTBOX_SWEEP_AGE_MS many times before the retry is due.
    const attempts = await receiver.waitFor('/kept/post', (w) => w.params.ConversationSid === c.sid, 2, RETRY_BASE_MS * 2);
    expect(attempts[1].at - first.at).toBeGreaterThanOrEqual(RETRY_BASE_MS * 0.8);
    await sleep(2_000);
    expect(receiver.received.filter((w) => w.path === '/kept/post' && w.params.ConversationSid === c.sid)).toHaveLength(2);
  }, 30_000);
});
