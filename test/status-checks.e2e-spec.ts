import { randomBytes } from 'node:crypto';
import pg from 'pg';
import {
  eventually,
  freshDatabase,
  newAccount,
  runNpm,
  raw,
  startRouter,
  startWebhookReceiver,
  uniqueNumber,
  type FreshDatabase,
  type RunningRouter,
  type TestAccount,
  type WebhookReceiver,
} from './support';
import { flushQueuePrefix } from './support/queues';

const SIM_AUTH: [string, string] = [process.env.TWILIO_ACCOUNT_SID!, process.env.TWILIO_AUTH_TOKEN!];
const OPERATOR_TOKEN = 'status-checks-operator-token';
/** The first check of a receipt comes this long after its last status change; later ones 6 and 36 times this. */
const CHECK_AFTER_MS = 1500;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Receipts whose status callbacks never came (the router was down through every post the carrier
 * made) are settled by asking the carrier: the simulator's lost_callbacks fault delivers a message
 * and posts no callback; its Message resource (GET Messages/{Sid}.json) tells the status.
 */
describe('status checks: receipts whose callbacks never came (e2e, real app, simulator carrier)', () => {
  let database: FreshDatabase;
  let router: RunningRouter;
  let receiver: WebhookReceiver;
  let account: TestAccount;
  let db: pg.Client;
  // A database and queues of its own: the checker looks at every account's receipts, and other test
  // files leave receipts without a final status behind them.
  const prefix = `status-checks-${process.pid}`;

  beforeAll(async () => {
    database = freshDatabase('status_checks');
    expect(await runNpm(['run', 'db:migrate'], { DATABASE_URL: database.url }).exited).toBe(0);
    router = await startRouter({
      env: {
        DATABASE_URL: database.url,
        BULLMQ_PREFIX: prefix,
        STATUS_CHECK_AFTER_MS: String(CHECK_AFTER_MS),
        OUTBOX_SWEEP_INTERVAL_MS: '200',
        OPERATOR_TOKEN,
      },
    });
    receiver = await startWebhookReceiver();
    account = await newAccount(router, 'status checks');
    await account.client.conversations.v1.configuration
      .webhooks()
      .update({ postWebhookUrl: receiver.url('/post'), filters: ['onDeliveryUpdated'], method: 'POST' });
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
  }, 60_000);

  afterAll(async () => {
    await router?.close();
    await receiver?.close();
    await db?.end();
    await database?.drop();
    await flushQueuePrefix(prefix);
  });

  async function sendTo(phone: string, body: string) {
    const conversations = account.client.conversations.v1.conversations;
    const conversation = await conversations.create({});
    await conversations(conversation.sid).participants.create({
      'messagingBinding.address': phone,
      'messagingBinding.proxyAddress': uniqueNumber(),
    });
    const message = await conversations(conversation.sid).messages.create({ author: 'agent', body });
    const receipts = () => conversations(conversation.sid).messages(message.sid).deliveryReceipts.list();
    return { conversation, message, receipts };
  }

  const checksOf = async (receiptSid: string) =>
    (await db.query<{ status_checks: number }>('SELECT status_checks FROM delivery_receipts WHERE sid = $1', [receiptSid])).rows[0]
      .status_checks;

  it('a receipt left without status is asked of the carrier and becomes delivered, with its onDeliveryUpdated', async () => {
    const phone = uniqueNumber();
    const fault = await raw(router, {
      path: '/simulator/faults',
      auth: SIM_AUTH,
      form: [
        ['To', phone],
        ['Action', 'lost_callbacks'],
      ],
    });
    expect(fault.status).toBe(201);
    const { message, receipts } = await sendTo(phone, 'were you told?');

    const accepted = await eventually(receipts, (list) => list[0]?.channelMessageSid != null);
    expect(accepted).toEqual([expect.objectContaining({ channelMessageSid: expect.stringMatching(/^SM/), status: null })]);
    // No callback comes: the receipt stays as it is until its check is due.
    await sleep(CHECK_AFTER_MS / 2);
    expect((await receipts())[0].status).toBeNull();

    const settled = await eventually(receipts, (list) => list[0]?.status === 'delivered', 10_000);
    expect(settled).toEqual([expect.objectContaining({ status: 'delivered', channelMessageSid: accepted[0].channelMessageSid })]);
    expect(await checksOf(settled[0].sid)).toBe(1);

    // The change is a receipt change like any other: its post-event webhook fires once.
    const [hook] = await receiver.waitFor('/post', (w) => w.params.MessageSid === message.sid);
    expect(hook.params).toMatchObject({ EventType: 'onDeliveryUpdated', Status: 'delivered', DeliveryReceiptSid: settled[0].sid });
    await sleep(500);
    expect(receiver.received.filter((w) => w.params.MessageSid === message.sid)).toHaveLength(1);

    const metrics = await raw(router, { path: '/metrics', headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } });
    expect(metrics.text).toMatch(/^router_delivery_status_checks_total\{result="changed"\} [1-9]/m);
  }, 20_000);

  it('a message the carrier does not hold is checked at most three times and left as it was; old receipts are not checked', async () => {
    const recent = await sendTo(uniqueNumber(), 'recent');
    const old = await sendTo(uniqueNumber(), 'old');
    const [r] = await eventually(recent.receipts, (list) => list[0]?.status === 'delivered');
    const [o] = await eventually(old.receipts, (list) => list[0]?.status === 'delivered');
    // As if their callbacks after `sent` were lost, for SIDs the carrier does not know (404).
    const loseCallbacks = (sid: string, ago: string) =>
      db.query(
        `UPDATE delivery_receipts SET status = 'sent', channel_message_sid = $2, status_checks = 0, date_updated = now() - $3::interval WHERE sid = $1`,
        [sid, 'SM' + randomBytes(16).toString('hex'), ago],
      );
    await loseCallbacks(r.sid, '10 seconds');
    await loseCallbacks(o.sid, '2 days');
    /** The checks reach `n` and stay there (the next one is not due). */
    const checksStayAt = async (n: number) => {
      expect(
        await eventually(
          () => checksOf(r.sid),
          (count) => count === n,
        ),
      ).toBe(n);
      await sleep(1000);
      expect(await checksOf(r.sid)).toBe(n);
    };

    // Checks 1 and 2 are due (1.5 s and 9 s after a change 10 s ago), the third (54 s) is not.
    await checksStayAt(2);
    await db.query(`UPDATE delivery_receipts SET date_updated = now() - interval '1 minute' WHERE sid = $1`, [r.sid]);
    await checksStayAt(3);
    expect((await recent.receipts())[0]).toMatchObject({ status: 'sent' });

    // Beyond a day since its last change, a receipt is not asked about.
    expect(await checksOf(o.sid)).toBe(0);
    expect((await old.receipts())[0]).toMatchObject({ status: 'sent' });

    const metrics = await raw(router, { path: '/metrics', headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } });
    expect(metrics.text).toMatch(/^router_delivery_status_checks_total\{result="not_found"\} [3-9]/m);
  }, 30_000);
});
