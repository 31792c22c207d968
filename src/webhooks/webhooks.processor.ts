import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { type Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { OutboundPolicy } from '../common/outbound-policy';
import { bullConnection } from '../queues/queues.module';
import { QueueName } from '../queues/queue-names';
import { QueueWorkers } from '../queues/queue-workers';
import { runPeriodically } from '../queues/periodic-task';
import { REDIS } from '../redis/redis.module';
import { AccountTokens } from './account-tokens';
import { EventsQueue, SEND_ATTEMPTS, type DispatchJob, type SendJob, type WebhookJob } from '../events/events.queue';
import { WebhookSettingsCache } from './webhook-settings.cache';
import { type StoredEvent, WebhookEventsRepository } from './webhook-events.repository';
import { sendWebhook, WebhookUnreachable } from './webhook-request';
import { chatPayload } from '../events/chat-events';
import { flexMessageParams } from '../flex/flex-webhook';
import { chatSettings, postTargets, type WebhookTarget } from './webhook-targets';
import { RouterMetrics } from '../observability/router-metrics';

/** How long the count of an event's retrying targets outlives its last write: well beyond the retries' backoff. */
const RETRYING_TTL_MS = 15 * 60_000;

/** A post-event webhook gets 5 s to answer, as on Twilio. */
const POST_EVENT_TIMEOUT_MS = 5_000;

/**
 * The webhooks queue: `dispatch` resolves the targets of an event and makes the first signed
 * request to each; a target that must be retried (network errors, timeouts, 429, 5xx) gets one
 * `send` job (job id = event + target, so a redispatch adds nothing twice), retried with backoff;
 * other 4xx answers are final.
 * A sweeper re-enqueues events whose dispatch never got queued.
 */
@Injectable()
export class WebhooksProcessor implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(WebhooksProcessor.name);
  private worker?: Worker<WebhookJob>;
  private queue?: Queue<WebhookJob>;
  private stopSweeper?: () => void;

  constructor(
    private readonly events: WebhookEventsRepository,
    private readonly settings: WebhookSettingsCache,
    private readonly tokens: AccountTokens,
    private readonly eventsQueue: EventsQueue,
    private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly outbound: OutboundPolicy,
    private readonly workers: QueueWorkers,
    private readonly metrics: RouterMetrics,
  ) {}

  onModuleInit(): void {
    const connection = bullConnection(this.config.redisUrl);
    this.queue = new Queue(QueueName.Webhooks, { connection, prefix: this.config.queuePrefix });
    this.worker = new Worker<WebhookJob>(
      QueueName.Webhooks,
      (job) => (job.name === 'send' ? this.send(job as Job<SendJob>) : this.dispatch(job as Job<DispatchJob>)),
      {
        connection,
        prefix: this.config.queuePrefix,
        concurrency: this.config.webhooks.concurrency,
      },
    );
    this.worker.on('error', (err) => this.logger.error({ err: err.message }, 'webhooks worker error'));
    this.workers.attach(QueueName.Webhooks, this.worker);
    this.worker.on('failed', (job, err) => {
      if (job?.name !== 'send' || err instanceof UnrecoverableError) return;
      if (job.attemptsMade >= (job.opts.attempts ?? 1)) {
        this.logger.warn({ jobId: job.id, err: err.message }, 'webhook given up');
        this.metrics.webhookFailures.inc({ reason: 'retries_exhausted' });
      }
    });
    this.stopSweeper = runPeriodically({
      redis: this.redis,
      lockKey: `${this.config.queuePrefix}:events-sweep`,
      intervalMs: this.config.delivery.sweepIntervalMs,
      logger: this.logger,
      task: () => this.sweep(),
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.stopSweeper?.();
    await this.worker?.close();
    await this.queue?.close();
  }

  async dispatch(job: Job<DispatchJob>): Promise<void> {
    const loaded = await this.events.loadWithConversationWebhooks(job.data.eventSid);
    if (!loaded) return;
    const { event, hooks, flex } = loaded;
    const [account, service] = await Promise.all([
      this.settings.account(event.accountSid),
      this.settings.service(event.accountSid, event.serviceSid),
    ]);
    const targets = postTargets({
      event: event.eventType,
      account: account && {
        url: account.postWebhookUrl,
        method: account.webhookMethod,
        filters: account.webhookFilters,
        target: account.webhookTarget,
      },
      service: service && { url: service.postWebhookUrl, method: service.webhookMethod, filters: service.webhookFilters },
      chat: chatSettings(service, 'post'),
      conversationWebhooks: hooks,
      body: event.payload.Body,
      onlyWebhookSid: event.onlyWebhookSid,
    });
    if (flex)
      targets.push({
        url: flex.url,
        method: 'POST',
        origin: flex.webhookSid,
        format: 'flex',
        retries: flex.retryCount,
        webhookSid: flex.webhookSid,
      });
    // The first attempt goes out from here, in parallel; only what must be retried becomes a
    // `send` job (one per target, so that one slow or failing receiver does not hold the others).
    const outcomes = await Promise.all(targets.map((t) => this.attempt(event, t, 0).then((outcome) => ({ t, outcome }))));
    // A Chat v2 target is retried as many times as its service says (PostWebhookRetryCount, 0 to 3), a Flex one as its flow says.
    const retry = outcomes.filter((o) => o.outcome === 'retry' && o.t.retries !== 0);
    if (!retry.length) return this.events.markDispatched(event.sid);
    // The event stays pending in PostgreSQL until its last retry is over: the retries live in Redis
    // only, and a Redis that loses its data loses them. The set of retry jobs still running lives
    // beside them, so the sweeper leaves the event alone while it exists and dispatches it again
    // (the same idempotency token) once Redis has lost both.
    const jobIds = retry.map(({ t }) => sendJobId(event.sid, t));
    await this.redis
      .multi()
      .sadd(this.retryingKey(event.sid), ...jobIds)
      .pexpire(this.retryingKey(event.sid), RETRYING_TTL_MS)
      .exec();
    await this.queue!.addBulk(
      retry.map(({ t }, i) => ({
        name: 'send',
        data: {
          eventSid: event.sid,
          url: t.url,
          method: t.method,
          ...(t.format ? { format: t.format } : {}),
          ...(t.webhookSid ? { webhookSid: t.webhookSid } : {}),
        },
        opts: {
          jobId: jobIds[i],
          attempts: t.retries ?? SEND_ATTEMPTS - 1,
          // Attempt 2 after the base delay, then 2, 4, 8, 16 times it (BullMQ doubles from attempt 2 on).
          delay: this.config.webhooks.retryBaseMs,
          backoff: { type: 'exponential', delay: 2 * this.config.webhooks.retryBaseMs },
          removeOnComplete: true,
          removeOnFail: 1000,
        },
      })),
    );
  }

  /** Where the set of an event's retry jobs still running is kept (see dispatch). */
  private retryingKey(eventSid: string): string {
    return `${this.config.queuePrefix}:webhook-retrying:${eventSid}`;
  }

  /** A target's retries are over (taken, refused for good, or given up): the last one marks the event dispatched. Idempotent per job (a stalled job run twice). */
  private async retryOver(eventSid: string, jobId: string): Promise<void> {
    const key = this.retryingKey(eventSid);
    const [, left] = (await this.redis.multi().srem(key, jobId).scard(key).exec()) ?? [];
    if (left?.[1] !== 0) return;
    await this.events.markDispatched(eventSid);
  }

  /** A retry of one target (attempts 2 to SEND_ATTEMPTS). */
  async send(job: Job<SendJob>): Promise<void> {
    const event = await this.events.load(job.data.eventSid);
    if (!event) return;
    const outcome = await this.attempt(
      event,
      { url: job.data.url, method: job.data.method, format: job.data.format, webhookSid: job.data.webhookSid },
      job.attemptsMade + 1,
    );
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (outcome === 'done' || outcome === 'rejected' || last) await this.retryOver(event.sid, String(job.id));
    if (outcome === 'retry') throw new Error('webhook not taken yet: retried with backoff');
    if (outcome === 'rejected') throw new UnrecoverableError('webhook gave a final answer: not retried');
  }

  /**
   * One signed request (`retryCount`: the attempt's, 0 for the first). 2xx is done; 429, 5xx, timeouts
   * and unreachable receivers are retried; other answers are final.
   */
  private async attempt(
    event: StoredEvent,
    target: Pick<WebhookTarget, 'url' | 'method' | 'format' | 'webhookSid'>,
    retryCount: number,
  ): Promise<'done' | 'retry' | 'rejected'> {
    const result = await this.request(event, target, retryCount).catch((err: unknown) => {
      this.metrics.webhookAttempts.inc({ result: 'error' });
      throw err;
    });
    this.metrics.webhookAttempts.inc({ result });
    if (result === 'rejected') this.metrics.webhookFailures.inc({ reason: 'rejected' });
    return result;
  }

  private async request(
    event: StoredEvent,
    target: Pick<WebhookTarget, 'url' | 'method' | 'format' | 'webhookSid'>,
    retryCount: number,
  ): Promise<'done' | 'retry' | 'rejected'> {
    const authToken = await this.tokens.of(event.accountSid);
    if (!authToken) return 'done';
    try {
      const answer = await sendWebhook({
        url: target.url,
        method: target.method,
        params: formatParams(event.payload, target, retryCount),
        authToken,
        idempotencyToken: event.sid,
        timeoutMs: POST_EVENT_TIMEOUT_MS,
        policy: this.outbound,
      });
      if (answer.status >= 200 && answer.status < 300) return 'done';
      if (answer.status === 429 || answer.status >= 500) return 'retry';
      this.logger.warn(
        { eventSid: event.sid, eventType: event.eventType, status: answer.status },
        'webhook rejected the event; not retried',
      );
      return 'rejected';
    } catch (err) {
      if (!(err instanceof WebhookUnreachable)) throw err;
      if (err.reason !== 'blocked') return 'retry';
      this.logger.warn(
        { eventSid: event.sid, eventType: event.eventType, reason: err.message },
        'webhook not an allowed destination; not sent',
      );
      return 'rejected';
    }
  }

  private async sweep(): Promise<void> {
    let enqueued = 0;
    for (const sid of await this.events.pendingOlderThan(this.config.delivery.sweepAgeMs, 1000)) {
      if (await this.redis.exists(this.retryingKey(sid))) continue;
      if (await this.eventsQueue.ensure(sid)) enqueued++;
    }
    if (enqueued) {
      this.logger.warn({ enqueued }, 'events sweeper enqueued webhook events that had no job');
      this.metrics.sweeperFinds.inc({ outbox: 'events' }, enqueued);
    }
    await this.events.dropOlderThan(this.config.changeFeedRetentionMs);
  }
}

/** The form fields of an event for a target: as recorded (Conversations), in Chat's form, or as a Flex Flow's post. */
function formatParams(
  payload: Record<string, string>,
  target: Pick<WebhookTarget, 'format' | 'webhookSid'>,
  retryCount: number,
): Record<string, string> {
  if (target.format === 'chat') return chatPayload(payload, retryCount, target.webhookSid);
  if (target.format === 'flex') return flexMessageParams(payload, { webhookSid: target.webhookSid ?? '' }, retryCount);
  return payload;
}

/** A retry's job id: one per event and target, so that a target is retried once however often the event is dispatched. */
function sendJobId(eventSid: string, t: Pick<WebhookTarget, 'method' | 'url' | 'webhookSid'>): string {
  const target = `${t.method} ${t.url}${t.webhookSid ? ` ${t.webhookSid}` : ''}`;
  return `${eventSid}-${createHash('sha1').update(target).digest('hex').slice(0, 16)}`;
}
