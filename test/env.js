// Runs in globalSetup and in every Jest worker before the test files. Every value can be
// overridden from the environment (e.g. a separate DATABASE_URL / BULLMQ_PREFIX per checkout).
process.env.DATABASE_URL ??= 'postgresql://postgres:postgres@127.0.0.1:5432/router_test';
process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';
process.env.BULLMQ_PREFIX ??= 'test';
process.env.LOG_LEVEL ??= 'silent';
// The root account of the tests: each test file creates its own subaccounts through it.
process.env.BOOTSTRAP_ACCOUNT_SID ??= 'AC00000000000000000000000000000e2e';
process.env.BOOTSTRAP_AUTH_TOKEN ??= 'e2e-root-auth-token-0123456789';
// Twilio's minimums (PT1M / PT10M) lowered so that timers can be exercised in seconds.
process.env.TIMER_MIN_INACTIVE ??= 'PT1S';
process.env.TIMER_MIN_CLOSED ??= 'PT2S';
// Media on a temporary disk with a small limit, so that the size check runs in milliseconds.
process.env.MEDIA_DIR ??= require('node:path').join(require('node:os').tmpdir(), `router-test-media-${process.env.BULLMQ_PREFIX}`);
process.env.MEDIA_MAX_BYTES ??= String(1024 * 1024);
// Carrier credentials (inbound signatures, the twilio adapter, the simulator).
process.env.TWILIO_ACCOUNT_SID ??= 'AC0000000000000000000000000000ca11';
process.env.TWILIO_AUTH_TOKEN ??= 'e2e-carrier-auth-token-0123456789';
// Sweepers and retries fast enough for tests (the defaults are seconds to minutes).
process.env.OUTBOX_SWEEP_INTERVAL_MS ??= '500';
process.env.OUTBOX_SWEEP_AGE_MS ??= '1500';
process.env.DELIVERY_RETRY_BASE_MS ??= '200';
process.env.WEBHOOK_RETRY_BASE_MS ??= '100';
process.env.DELIVERY_LOCK_MS ??= '3000';
// Webhook receivers and media servers of the tests listen on loopback, which the router refuses by default.
process.env.OUTBOUND_ALLOW_HOSTS ??= '127.0.0.1,localhost';
// Every test client is 127.0.0.1 and many tests send wrong credentials on purpose: throttling is
// tested with its own limits (auth-throttle.e2e-spec.ts), and out of the way elsewhere.
process.env.AUTH_FAILURES_PER_ADDRESS ??= '100000';
process.env.AUTH_FAILURES_PER_CREDENTIAL ??= '100000';
process.env.AUTH_SLOW_AFTER ??= '100000';
