import { z } from 'zod';
import { checkAllowEntry } from '../common/outbound-policy';

const DEFAULT_DATABASE_URL = 'postgresql://postgres:postgres@127.0.0.1:5432/conversations_router';

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/** A process count, or unset (then derived from the CPU count). */
const optionalCount = (min: number) => optionalText.pipe(z.coerce.number<string | undefined>().int().min(min).max(256).optional());

const url = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine(
      (v) => {
        try {
          return protocols.includes(new URL(v).protocol);
        } catch {
          return false;
        }
      },
      `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
    );

/** A comma-separated list, trimmed, empty entries dropped. */
const list = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean),
  );

const duration = z.string().trim().regex(/^P/, 'must be an ISO-8601 duration');

const sid = (prefix: string) =>
  z
    .string()
    .trim()
    .regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), `must be ${prefix} followed by 32 hex digits`);

/** Every environment variable the router reads, in one place. */
export const configSchema = z
  .object({
    DATABASE_URL: url(['postgresql:', 'postgres:']).default(DEFAULT_DATABASE_URL),
    /** Connections per process. Keep processes x pool well under max_connections; few cores want few. */
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
    BULLMQ_PREFIX: z.string().trim().min(1).default('router'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().trim().min(1).default('0.0.0.0'),
    PUBLIC_URL: optionalText.pipe(url(['http:', 'https:']).optional()),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    BOOTSTRAP_ACCOUNT_SID: optionalText.pipe(sid('AC').optional()),
    BOOTSTRAP_AUTH_TOKEN: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
    CHANNEL_PROVIDER: z.enum(['simulator', 'twilio']).default('simulator'),
    TWILIO_ACCOUNT_SID: optionalText.pipe(sid('AC').optional()),
    TWILIO_AUTH_TOKEN: optionalText,
    TWILIO_API_URL: url(['http:', 'https:']).default('https://api.twilio.com'),
    /** The local carrier's HTTP API under /simulator: on by default when CHANNEL_PROVIDER=simulator. */
    SIMULATOR: z.enum(['on', 'off']).optional(),
    /** When the simulator reports `sent` and `delivered` for a message it accepted, in ms after the send. */
    SIMULATOR_SENT_MS: z.coerce.number().int().min(0).max(3_600_000).default(50),
    SIMULATOR_DELIVERED_MS: z.coerce.number().int().min(0).max(3_600_000).default(150),
    /** Delivery worker: parallel sends per process, retries and their bounds. */
    DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(32),
    /** Webhooks worker: parallel event dispatches and webhook requests per process (a slow receiver holds one for up to 5 s). */
    WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(100),
    /** First retry delay of a post-event webhook, doubled per attempt (6 attempts in all). */
    WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(1).default(1000),
    DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(10),
    DELIVERY_MAX_AGE: z.string().trim().regex(/^P/, 'must be an ISO-8601 duration').default('PT4H'),
    DELIVERY_RETRY_BASE_MS: z.coerce.number().int().min(1).default(1000),
    /** How long a worker holds a job before another may take it over (a worker that died mid-send). */
    DELIVERY_LOCK_MS: z.coerce.number().int().min(500).default(30_000),
    /** The outbox sweeper: how often, and how old an unsent receipt without a job must be. */
    OUTBOX_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(10_000),
    OUTBOX_SWEEP_AGE_MS: z.coerce.number().int().min(0).default(30_000),
    /**
     * A receipt the carrier accepted with no final status this long after its last change is asked of
     * the carrier (its callbacks may be lost), then again at 6 and 36 times this; 0: never.
     */
    STATUS_CHECK_AFTER_MS: z.coerce.number().int().min(0).max(86_400_000).default(300_000),
    /** Messages per second per proxy address when the address has no setting of its own. */
    DEFAULT_SEND_RATE: z.coerce.number().int().min(1).max(100_000).default(10),
    /** Media: where uploads are kept on disk, the largest file, how long a signed media URL lives. */
    MEDIA_DIR: z.string().trim().min(1).default('./data/media'),
    MEDIA_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1)
      .default(150 * 1024 * 1024),
    MEDIA_URL_TTL: z.string().trim().regex(/^P/, 'must be an ISO-8601 duration').default('PT1H'),
    /** Uploads that no message took within this time are deleted (file and row) by the worker. */
    MEDIA_ORPHAN_TTL: duration.default('PT1H'),
    /** Twilio's timer minimums; lower them (e.g. PT1S) only for tests and demos. */
    TIMER_MIN_INACTIVE: z.string().trim().regex(/^P/, 'must be an ISO-8601 duration').default('PT1M'),
    TIMER_MIN_CLOSED: z.string().trim().regex(/^P/, 'must be an ISO-8601 duration').default('PT10M'),
    /** `npm start`: API processes (WEB_CONCURRENCY is the common name for it) and worker processes; default from the CPU count. */
    API_PROCESSES: optionalCount(1),
    WEB_CONCURRENCY: optionalCount(1),
    WORKER_PROCESSES: optionalCount(0),
    /** How long a stopping process may take to finish what it has in hand before it is killed. */
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(25_000),
    /** Realtime (Twilsock): how long a new websocket may wait before sending init, and the keep-alive ping period. */
    REALTIME_INIT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
    REALTIME_PING_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
    /** Reachability: how long an API process that stopped beating (killed) still counts its users as online. */
    // Below the SDK's own request timeout (30 s): every request of the SDK gets an answer, a 504 at worst.
    REALTIME_UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).max(29_000).default(25_000),
    REALTIME_PRESENCE_TTL_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
    /** How long the change feed keeps its rows (readers that missed a publication catch up from them). */
    CHANGE_FEED_RETENTION: z.string().trim().regex(/^P/, 'must be an ISO-8601 duration').default('PT1H'),
    /** How long an authenticated credential stays in the in-process cache (changes are also pushed). */
    AUTH_CACHE_TTL_MS: z.coerce.number().int().min(0).default(60_000),
    /**
     * Host names, addresses and CIDR ranges that webhooks and carrier media fetches may reach although
     * they are not public (loopback, private, link-local ...). Empty: public addresses only.
     */
    OUTBOUND_ALLOW_HOSTS: list.superRefine((entries, ctx) => {
      for (const entry of entries) {
        const problem = checkAllowEntry(entry);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }
    }),
    /**
     * Which peers' X-Forwarded-For is believed for the client address (authentication throttling, logs):
     * `true`, `false`, a hop count, or addresses / CIDR ranges / loopback, linklocal, uniquelocal.
     */
    TRUST_PROXY: z.string().trim().default('loopback,linklocal,uniquelocal'),
    /** Failed authentications allowed per client address, and per Account SID or API key, within the window. */
    AUTH_FAILURES_PER_ADDRESS: z.coerce.number().int().min(0).default(20),
    AUTH_FAILURES_PER_CREDENTIAL: z.coerce.number().int().min(0).default(100),
    AUTH_FAILURE_WINDOW: duration.default('PT10M'),
    /** How long a client address or credential over its limit gets 429 (20429). */
    AUTH_BLOCK_DURATION: duration.default('PT15M'),
    /** From this many failures in the window on, each failed answer waits AUTH_SLOW_DELAY_MS. */
    AUTH_SLOW_AFTER: z.coerce.number().int().min(0).default(5),
    AUTH_SLOW_DELAY_MS: z.coerce.number().int().min(0).max(10_000).default(1_000),
    /** The operator's credential for /metrics and the queue dashboard; unset: both are off (404). */
    OPERATOR_TOKEN: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
    /** A worker started alone (`npm run start:worker`) serves /healthz, /readyz and /metrics on this port. */
    OPS_PORT: optionalText.pipe(z.coerce.number<string | undefined>().int().min(1).max(65_535).optional()),
    /** Readiness: the oldest job waiting in a queue may wait this long before the process is reported not ready. */
    READY_QUEUE_LAG_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(60_000),
    /** Readiness of API processes: also require a worker consuming each queue and the queue lag bound (`off`: not). */
    READY_REQUIRES_WORKERS: z.enum(['on', 'off']).default('on'),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.BOOTSTRAP_ACCOUNT_SID) !== Boolean(env.BOOTSTRAP_AUTH_TOKEN)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.BOOTSTRAP_ACCOUNT_SID ? 'BOOTSTRAP_AUTH_TOKEN' : 'BOOTSTRAP_ACCOUNT_SID'],
        message: 'BOOTSTRAP_ACCOUNT_SID and BOOTSTRAP_AUTH_TOKEN must be set together',
      });
    }
    if (env.CHANNEL_PROVIDER === 'twilio' && (!env.TWILIO_ACCOUNT_SID || !env.TWILIO_AUTH_TOKEN)) {
      ctx.addIssue({
        code: 'custom',
        path: ['TWILIO_AUTH_TOKEN'],
        message: 'CHANNEL_PROVIDER=twilio needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN',
      });
    }
  });

export type RawConfig = z.infer<typeof configSchema>;
