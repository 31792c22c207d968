import { availableParallelism } from 'node:os';
import { parseDuration } from '../common/duration';
import { configSchema } from './config.schema';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** The router's configuration, parsed and validated once at start. The only reader of process.env. */
export class AppConfig {
  readonly databaseUrl: string;
  readonly databasePoolSize: number;
  readonly redisUrl: string;
  readonly queuePrefix: string;
  readonly port: number;
  readonly host: string;
  /** Origin used in every absolute `url`/`links` and for webhook signatures, without a trailing slash. */
  readonly publicUrl: string;
  readonly logLevel: string;
  readonly bootstrapAccount?: { sid: string; authToken: string };
  readonly channelProvider: 'simulator' | 'twilio';
  readonly twilio: { accountSid?: string; authToken?: string; apiUrl: string };
  readonly authCacheTtlMs: number;
  /** CHANGE_FEED_RETENTION in ms. */
  readonly changeFeedRetentionMs: number;
  /** OUTBOUND_ALLOW_HOSTS: what requests on behalf of accounts may reach although not public. */
  readonly outboundAllowHosts: readonly string[];
  /** Fastify's trustProxy: whose X-Forwarded-For names the client. */
  readonly trustProxy: boolean | number | string;
  /** Throttling of failed authentications (0 turns a limit off). */
  readonly authThrottle: {
    perAddress: number;
    perCredential: number;
    windowMs: number;
    blockMs: number;
    slowAfter: number;
    slowDelayMs: number;
  };
  /** Twilsock connections: init deadline and keep-alive ping period (the other limits are in realtime-limits.ts). */
  readonly realtime: { initTimeoutMs: number; pingIntervalMs: number; upstreamTimeoutMs: number; presenceTtlMs: number };
  readonly timerMinimums: { inactive: string; closed: string };
  readonly simulatorEnabled: boolean;
  /** The simulator carrier's status callback timing, in ms after it accepted a send. */
  readonly simulator: { sentMs: number; deliveredMs: number };
  readonly media: { dir: string; maxBytes: number; urlTtlMs: number; orphanTtlMs: number };
  /** Account SID the simulator carrier is addressed with when TWILIO_ACCOUNT_SID is unset. */
  readonly simulatorAccountSid = `AC${'0'.repeat(32)}`;
  /** The webhooks worker: parallel jobs per process, and the first retry delay of a post-event webhook. */
  readonly webhooks: { concurrency: number; retryBaseMs: number };
  /** What `npm start` runs: API and worker processes, and how long a stopping one may take. */
  readonly processes: { api: number; worker: number; shutdownTimeoutMs: number };
  /**
   * Operations: OPERATOR_TOKEN guards /metrics and the queue dashboard (off without it); OPS_PORT is
   * where a worker started alone serves health and metrics; the readiness bounds.
   */
  readonly operations: { token?: string; port?: number; readyQueueLagMs: number; readyRequiresWorkers: boolean };
  readonly delivery: {
    concurrency: number;
    maxAttempts: number;
    maxAgeMs: number;
    retryBaseMs: number;
    lockMs: number;
    sweepIntervalMs: number;
    sweepAgeMs: number;
    /** The first carrier status check of a receipt without a final status; 0: none. */
    statusCheckAfterMs: number;
    defaultSendRate: number;
  };

  private constructor(env: ReturnType<typeof configSchema.parse>) {
    this.databaseUrl = env.DATABASE_URL;
    this.databasePoolSize = env.DATABASE_POOL_SIZE;
    this.redisUrl = env.REDIS_URL;
    this.queuePrefix = env.BULLMQ_PREFIX;
    this.port = env.PORT;
    this.host = env.HOST;
    this.publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
    this.logLevel = env.LOG_LEVEL;
    this.bootstrapAccount =
      env.BOOTSTRAP_ACCOUNT_SID && env.BOOTSTRAP_AUTH_TOKEN
        ? { sid: `AC${env.BOOTSTRAP_ACCOUNT_SID.slice(2).toLowerCase()}`, authToken: env.BOOTSTRAP_AUTH_TOKEN }
        : undefined;
    this.channelProvider = env.CHANNEL_PROVIDER;
    this.twilio = {
      accountSid: env.TWILIO_ACCOUNT_SID,
      authToken: env.TWILIO_AUTH_TOKEN,
      apiUrl: env.TWILIO_API_URL.replace(/\/+$/, ''),
    };
    this.authCacheTtlMs = env.AUTH_CACHE_TTL_MS;
    this.changeFeedRetentionMs = parseDuration(env.CHANGE_FEED_RETENTION) ?? 3_600_000;
    this.outboundAllowHosts = env.OUTBOUND_ALLOW_HOSTS;
    this.trustProxy = /^(true|false)$/i.test(env.TRUST_PROXY)
      ? env.TRUST_PROXY.toLowerCase() === 'true'
      : /^\d+$/.test(env.TRUST_PROXY)
        ? Number(env.TRUST_PROXY)
        : env.TRUST_PROXY;
    this.authThrottle = {
      perAddress: env.AUTH_FAILURES_PER_ADDRESS,
      perCredential: env.AUTH_FAILURES_PER_CREDENTIAL,
      windowMs: parseDuration(env.AUTH_FAILURE_WINDOW) ?? 600_000,
      blockMs: parseDuration(env.AUTH_BLOCK_DURATION) ?? 900_000,
      slowAfter: env.AUTH_SLOW_AFTER,
      slowDelayMs: env.AUTH_SLOW_DELAY_MS,
    };
    this.realtime = {
      initTimeoutMs: env.REALTIME_INIT_TIMEOUT_MS,
      pingIntervalMs: env.REALTIME_PING_INTERVAL_MS,
      upstreamTimeoutMs: env.REALTIME_UPSTREAM_TIMEOUT_MS,
      presenceTtlMs: env.REALTIME_PRESENCE_TTL_MS,
    };
    this.timerMinimums = { inactive: env.TIMER_MIN_INACTIVE, closed: env.TIMER_MIN_CLOSED };
    this.media = {
      dir: env.MEDIA_DIR,
      maxBytes: env.MEDIA_MAX_BYTES,
      urlTtlMs: parseDuration(env.MEDIA_URL_TTL) ?? 3_600_000,
      orphanTtlMs: parseDuration(env.MEDIA_ORPHAN_TTL) ?? 3_600_000,
    };
    this.simulatorEnabled = env.SIMULATOR ? env.SIMULATOR === 'on' : env.CHANNEL_PROVIDER === 'simulator';
    this.simulator = { sentMs: env.SIMULATOR_SENT_MS, deliveredMs: env.SIMULATOR_DELIVERED_MS };
    this.webhooks = { concurrency: env.WEBHOOK_CONCURRENCY, retryBaseMs: env.WEBHOOK_RETRY_BASE_MS };
    this.processes = {
      ...processCounts(availableParallelism(), env.API_PROCESSES ?? env.WEB_CONCURRENCY, env.WORKER_PROCESSES),
      shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    };
    this.operations = {
      token: env.OPERATOR_TOKEN,
      port: env.OPS_PORT,
      readyQueueLagMs: env.READY_QUEUE_LAG_MS,
      readyRequiresWorkers: env.READY_REQUIRES_WORKERS === 'on',
    };
    this.delivery = {
      concurrency: env.DELIVERY_CONCURRENCY,
      maxAttempts: env.DELIVERY_MAX_ATTEMPTS,
      maxAgeMs: parseDuration(env.DELIVERY_MAX_AGE) ?? 4 * 3_600_000,
      retryBaseMs: env.DELIVERY_RETRY_BASE_MS,
      lockMs: env.DELIVERY_LOCK_MS,
      sweepIntervalMs: env.OUTBOX_SWEEP_INTERVAL_MS,
      sweepAgeMs: env.OUTBOX_SWEEP_AGE_MS,
      statusCheckAfterMs: env.STATUS_CHECK_AFTER_MS,
      defaultSendRate: env.DEFAULT_SEND_RATE,
    };
  }

  /** Parses the environment; throws ConfigError naming every missing or bad variable. */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): AppConfig {
    const result = configSchema.safeParse(env);
    if (!result.success) {
      throw new ConfigError(
        result.error.issues.map((issue) => {
          const name = issue.path.join('.') || '(environment)';
          const value = env[name];
          const shown = value === undefined ? 'not set' : /TOKEN|SECRET|PASSWORD/.test(name) ? 'set' : `"${hidePassword(value)}"`;
          return `${name} ${issue.message} (${shown})`;
        }),
      );
    }
    return new AppConfig(result.data);
  }

  /** DATABASE_URL with the password hidden, for messages. */
  get databaseUrlForDisplay(): string {
    return withoutPassword(this.databaseUrl);
  }

  /** REDIS_URL with the password hidden, for messages. */
  get redisUrlForDisplay(): string {
    return withoutPassword(this.redisUrl);
  }
}

/**
 * Processes for `npm start` on a machine with `cpus` cores: half of them serve HTTP, half run the
 * queues (at least one each), since an inbound message costs the API and the worker about the same
 * CPU. Either count can be set; a machine that only serves HTTP sets WORKER_PROCESSES=0.
 */
export function processCounts(cpus: number, api?: number, worker?: number): { api: number; worker: number } {
  const half = Math.max(1, Math.floor(cpus / 2));
  return { api: api ?? half, worker: worker ?? half };
}

function withoutPassword(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/** A URL's password (`scheme://user:password@host`) replaced by `***`, for messages. */
function hidePassword(value: string): string {
  return value.replace(/(\/\/[^/:@\s]*):\S*@/, '$1:***@');
}
