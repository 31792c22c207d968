import { availableParallelism } from 'node:os';
import { AppConfig, ConfigError, processCounts } from './app-config';

function problemsOf(env: NodeJS.ProcessEnv): ConfigError {
  try {
    AppConfig.fromEnv(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('AppConfig.fromEnv', () => {
  it('has working defaults for a local machine', () => {
    const config = AppConfig.fromEnv({});
    expect(config).toMatchObject({
      databaseUrl: 'postgresql://postgres:postgres@127.0.0.1:5432/conversations_router',
      databasePoolSize: 10,
      redisUrl: 'redis://127.0.0.1:6379',
      queuePrefix: 'router',
      port: 3000,
      host: '0.0.0.0',
      publicUrl: 'http://localhost:3000',
      logLevel: 'info',
      bootstrapAccount: undefined,
      channelProvider: 'simulator',
      twilio: { accountSid: undefined, authToken: undefined, apiUrl: 'https://api.twilio.com' },
      authCacheTtlMs: 60_000,
      timerMinimums: { inactive: 'PT1M', closed: 'PT10M' },
    });
  });

  it('reads every variable, trims, and normalises URLs and the bootstrap SID', () => {
    const config = AppConfig.fromEnv({
      DATABASE_URL: 'postgres://u:p@db:5433/router',
      DATABASE_POOL_SIZE: '5',
      REDIS_URL: 'rediss://cache:6380/2',
      BULLMQ_PREFIX: 'ci',
      PORT: '8080',
      HOST: '127.0.0.1',
      PUBLIC_URL: ' https://router.example.com/// ',
      LOG_LEVEL: 'warn',
      BOOTSTRAP_ACCOUNT_SID: `AC${'AB'.repeat(16)}`,
      BOOTSTRAP_AUTH_TOKEN: 'a-long-enough-auth-token',
      CHANNEL_PROVIDER: 'twilio',
      TWILIO_ACCOUNT_SID: `AC${'cd'.repeat(16)}`,
      TWILIO_AUTH_TOKEN: 'carrier-token',
      TWILIO_API_URL: 'http://127.0.0.1:4010/',
      TIMER_MIN_INACTIVE: 'PT1S',
      TIMER_MIN_CLOSED: 'PT2S',
      AUTH_CACHE_TTL_MS: '0',
    });
    expect(config).toMatchObject({
      databaseUrl: 'postgres://u:p@db:5433/router',
      databasePoolSize: 5,
      redisUrl: 'rediss://cache:6380/2',
      queuePrefix: 'ci',
      port: 8080,
      host: '127.0.0.1',
      publicUrl: 'https://router.example.com',
      logLevel: 'warn',
      bootstrapAccount: { sid: `AC${'ab'.repeat(16)}`, authToken: 'a-long-enough-auth-token' },
      channelProvider: 'twilio',
      twilio: { accountSid: `AC${'cd'.repeat(16)}`, authToken: 'carrier-token', apiUrl: 'http://127.0.0.1:4010' },
      authCacheTtlMs: 0,
      timerMinimums: { inactive: 'PT1S', closed: 'PT2S' },
    });
  });

  it('derives PUBLIC_URL from PORT, and treats an empty optional variable as unset', () => {
    const config = AppConfig.fromEnv({ PORT: '4000', PUBLIC_URL: '', BOOTSTRAP_ACCOUNT_SID: '  ', BOOTSTRAP_AUTH_TOKEN: '' });
    expect(config.publicUrl).toBe('http://localhost:4000');
    expect(config.bootstrapAccount).toBeUndefined();
  });

  it('names every bad variable at once', () => {
    const err = problemsOf({
      DATABASE_URL: 'mysql://db/router',
      DATABASE_POOL_SIZE: '0',
      REDIS_URL: 'http://cache',
      PORT: 'eighty',
      PUBLIC_URL: 'router.example.com',
      LOG_LEVEL: 'verbose',
      BOOTSTRAP_ACCOUNT_SID: 'AC123',
      BOOTSTRAP_AUTH_TOKEN: 'a-long-enough-auth-token',
      CHANNEL_PROVIDER: 'carrier-pigeon',
      TIMER_MIN_INACTIVE: '60',
      AUTH_CACHE_TTL_MS: '-1',
    });
    const named = err.problems.map((p) => p.split(' ')[0]).sort();
    expect(named).toEqual(
      [
        'AUTH_CACHE_TTL_MS',
        'BOOTSTRAP_ACCOUNT_SID',
        'CHANNEL_PROVIDER',
        'DATABASE_POOL_SIZE',
        'DATABASE_URL',
        'LOG_LEVEL',
        'PORT',
        'PUBLIC_URL',
        'REDIS_URL',
        'TIMER_MIN_INACTIVE',
      ].sort(),
    );
    expect(err.message).toMatch(/^Invalid configuration:\n {2}- /);
    expect(err.problems.find((p) => p.startsWith('DATABASE_URL'))).toContain('postgresql://');
    expect(err.problems.find((p) => p.startsWith('PORT'))).toContain('"eighty"');
  });

  it('asks for the bootstrap SID and token together', () => {
    expect(problemsOf({ BOOTSTRAP_ACCOUNT_SID: `AC${'a'.repeat(32)}` }).problems).toEqual([
      expect.stringMatching(/^BOOTSTRAP_AUTH_TOKEN BOOTSTRAP_ACCOUNT_SID and BOOTSTRAP_AUTH_TOKEN must be set together \(not set\)$/),
    ]);
    expect(problemsOf({ BOOTSTRAP_AUTH_TOKEN: 'a-long-enough-auth-token' }).problems[0]).toMatch(/^BOOTSTRAP_ACCOUNT_SID /);
  });

  it('times the simulator carrier status callbacks (50 ms sent, 150 ms delivered unless set)', () => {
    expect(AppConfig.fromEnv({}).simulator).toEqual({ sentMs: 50, deliveredMs: 150 });
    expect(AppConfig.fromEnv({ SIMULATOR_SENT_MS: '0', SIMULATOR_DELIVERED_MS: '2500' }).simulator).toEqual({
      sentMs: 0,
      deliveredMs: 2500,
    });
    expect(
      problemsOf({ SIMULATOR_SENT_MS: '-1', SIMULATOR_DELIVERED_MS: 'soon' })
        .problems.map((p) => p.split(' ')[0])
        .sort(),
    ).toEqual(['SIMULATOR_DELIVERED_MS', 'SIMULATOR_SENT_MS']);
  });

  it('reads OUTBOUND_ALLOW_HOSTS as a list (empty by default) and names a bad CIDR range', () => {
    expect(AppConfig.fromEnv({}).outboundAllowHosts).toEqual([]);
    expect(AppConfig.fromEnv({ OUTBOUND_ALLOW_HOSTS: ' 127.0.0.1, hooks.internal ,,10.0.0.0/8 ' }).outboundAllowHosts).toEqual([
      '127.0.0.1',
      'hooks.internal',
      '10.0.0.0/8',
    ]);
    expect(problemsOf({ OUTBOUND_ALLOW_HOSTS: '10.0.0.0/40' }).problems[0]).toMatch(/^OUTBOUND_ALLOW_HOSTS '10.0.0.0\/40' is not/);
  });

  it('throttles failed authentications by default, and reads its settings and TRUST_PROXY', () => {
    const config = AppConfig.fromEnv({});
    expect(config.authThrottle).toEqual({
      perAddress: 20,
      perCredential: 100,
      windowMs: 600_000,
      blockMs: 900_000,
      slowAfter: 5,
      slowDelayMs: 1_000,
    });
    expect(config.trustProxy).toBe('loopback,linklocal,uniquelocal');
    expect(
      AppConfig.fromEnv({
        AUTH_FAILURES_PER_ADDRESS: '0',
        AUTH_FAILURE_WINDOW: 'PT1M',
        AUTH_BLOCK_DURATION: 'PT1H',
        TRUST_PROXY: 'false',
      }),
    ).toMatchObject({ authThrottle: { perAddress: 0, windowMs: 60_000, blockMs: 3_600_000 }, trustProxy: false });
    expect(AppConfig.fromEnv({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(AppConfig.fromEnv({ TRUST_PROXY: 'TRUE' }).trustProxy).toBe(true);
    expect(problemsOf({ AUTH_BLOCK_DURATION: '15 minutes' }).problems[0]).toMatch(/^AUTH_BLOCK_DURATION /);
  });

  it('operations: off without OPERATOR_TOKEN; reads the token, OPS_PORT and the readiness bounds', () => {
    expect(AppConfig.fromEnv({}).operations).toEqual({
      token: undefined,
      port: undefined,
      readyQueueLagMs: 60_000,
      readyRequiresWorkers: true,
    });
    expect(
      AppConfig.fromEnv({
        OPERATOR_TOKEN: ' operator-token-0123456789 ',
        OPS_PORT: '9464',
        READY_QUEUE_LAG_MS: '5000',
        READY_REQUIRES_WORKERS: 'off',
      }).operations,
    ).toEqual({ token: 'operator-token-0123456789', port: 9464, readyQueueLagMs: 5_000, readyRequiresWorkers: false });
    const { problems } = problemsOf({ OPERATOR_TOKEN: 'short-secret', OPS_PORT: '70000', READY_QUEUE_LAG_MS: '10' });
    expect(problems).toEqual([
      expect.stringMatching(/^OPERATOR_TOKEN must be at least 16 characters \(set\)$/),
      expect.stringMatching(/^OPS_PORT .* \("70000"\)$/),
      expect.stringMatching(/^READY_QUEUE_LAG_MS .* \("10"\)$/),
    ]);
  });

  it('needs Twilio credentials when CHANNEL_PROVIDER=twilio', () => {
    expect(problemsOf({ CHANNEL_PROVIDER: 'twilio' }).problems[0]).toMatch(/^TWILIO_AUTH_TOKEN CHANNEL_PROVIDER=twilio needs/);
  });

  it('never echoes a token, secret or password value', () => {
    const err = problemsOf({
      BOOTSTRAP_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
      BOOTSTRAP_AUTH_TOKEN: 'short-Secret',
      CHANNEL_PROVIDER: 'twilio',
      TWILIO_AUTH_TOKEN: '   ',
    });
    expect(err.problems.find((p) => p.startsWith('BOOTSTRAP_AUTH_TOKEN'))).toBe(
      'BOOTSTRAP_AUTH_TOKEN must be at least 16 characters (set)',
    );
    expect(err.message).not.toContain('short-Secret');
  });

  it('never echoes a password inside a bad URL', () => {
    const err = problemsOf({ DATABASE_URL: 'mysql://router:db-Passw0rd@db/router', REDIS_URL: 'http://:redis-Passw0rd@cache:6379' });
    expect(err.problems.map((p) => p.split(' ')[0]).sort()).toEqual(['DATABASE_URL', 'REDIS_URL']);
    expect(err.message).not.toContain('db-Passw0rd');
    expect(err.message).not.toContain('redis-Passw0rd');
    expect(err.problems.find((p) => p.startsWith('DATABASE_URL'))).toContain('"mysql://router:***@db/router"');
  });

  it('shows DATABASE_URL without its password', () => {
    expect(AppConfig.fromEnv({ DATABASE_URL: 'postgresql://app:s3cret@db:5432/router' }).databaseUrlForDisplay).toBe(
      'postgresql://app:***@db:5432/router',
    );
    expect(AppConfig.fromEnv({ DATABASE_URL: 'postgresql://db:5432/router' }).databaseUrlForDisplay).toBe('postgresql://db:5432/router');
  });
});

describe('process counts for npm start', () => {
  it('defaults to half the cores for each role, at least one each', () => {
    expect(processCounts(1)).toEqual({ api: 1, worker: 1 });
    expect(processCounts(2)).toEqual({ api: 1, worker: 1 });
    expect(processCounts(8)).toEqual({ api: 4, worker: 4 });
    expect(processCounts(8, 2, 0)).toEqual({ api: 2, worker: 0 });
  });

  it('reads API_PROCESSES, or WEB_CONCURRENCY, and WORKER_PROCESSES', () => {
    expect(AppConfig.fromEnv({ API_PROCESSES: '3', WORKER_PROCESSES: '0' }).processes).toMatchObject({ api: 3, worker: 0 });
    expect(AppConfig.fromEnv({ WEB_CONCURRENCY: '2' }).processes.api).toBe(2);
    expect(AppConfig.fromEnv({ API_PROCESSES: '3', WEB_CONCURRENCY: '2' }).processes.api).toBe(3);
    expect(AppConfig.fromEnv({ API_PROCESSES: '' }).processes.api).toBe(processCounts(availableParallelism()).api);
    expect(problemsOf({ API_PROCESSES: '0' }).problems[0]).toMatch(/^API_PROCESSES /);
    expect(problemsOf({ WORKER_PROCESSES: 'many' }).problems[0]).toMatch(/^WORKER_PROCESSES /);
  });
});
