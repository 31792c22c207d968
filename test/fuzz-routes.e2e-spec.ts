import fc from 'fast-check';
import http from 'node:http';
import net from 'node:net';
import { newAccount, startRouter, type RunningRouter } from './support';
import { routeCatalog, type CatalogRoute } from './support/fuzz/route-catalog';
import { requestsFor, type FuzzContext, type FuzzRequest } from './support/fuzz/route-requests';
import { seedAccount } from './support/fuzz/seed-account';

/**
 * Route fuzzer: random and malformed requests to every route the running router serves (Fastify's
 * route table: REST, media, push, simulator and both carrier webhooks), with real ids among the
 * random ones so that requests reach past the lookups. No answer may be a 5xx or take over 15 s,
 * and every 4xx is Twilio's `{code, message, more_info, status}`.
 *
 * Seeded and bounded in `npm test`; `FUZZ_RUNS=20000 npm run fuzz` for a long run, `FUZZ_SEED` to
 * replay one. Failures are grouped by route and status, each with one request to reproduce it.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 3000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
const CONCURRENCY = 4;
const HANG_MS = 15_000;

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

interface Answer {
  status: number;
  text: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

/**
 * HEAD over a bare socket, reading the status line: Node's client refuses, as a parse error, a
 * refused request's error body after the headers when it cannot tell that the request was a HEAD.
 */
function sendHead(router: RunningRouter, req: FuzzRequest): Promise<Answer> {
  const { hostname, port } = new URL(router.baseUrl);
  const headers = Object.entries({ host: `${hostname}:${port}`, ...req.headers, 'content-length': String(req.body?.length ?? 0) });
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => {
      socket.write(`HEAD ${req.path} HTTP/1.1\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`);
      if (req.body) socket.write(req.body);
    });
    let head = '';
    socket.on('data', (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.destroy();
      resolve({ status: Number(head.split(' ')[1]), text: '' });
    });
    socket.on('close', () => reject(new Error(`connection closed without an answer: ${JSON.stringify(head.slice(0, 100))}`)));
    socket.on('error', reject);
    socket.setTimeout(HANG_MS, () => socket.destroy(new Error(`no answer within ${HANG_MS} ms`)));
  });
}

/**
 * One request over the keep-alive agent. A reset on a socket the agent reused is retried once on a
 * new connection, as Node's documentation advises: the server may close an idle keep-alive
 * connection just as the agent hands it out, and no HTTP client can tell that from a refusal.
 */
function send(router: RunningRouter, req: FuzzRequest, fresh = false): Promise<Answer> {
  if (req.method === 'HEAD') return sendHead(router, req);
  const { hostname, port } = new URL(router.baseUrl);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...req.headers };
    if (req.body) headers['content-length'] = req.body.length;
    const request = http.request(
      { host: hostname, port, method: req.method, path: req.path, headers, agent: fresh ? false : agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    request.setTimeout(HANG_MS, () => request.destroy(new Error(`no answer within ${HANG_MS} ms`)));
    request.on('error', (err: NodeJS.ErrnoException) => {
      if (request.reusedSocket && err.code === 'ECONNRESET' && !fresh) send(router, req, true).then(resolve, reject);
      else reject(new Error(`${err.message} (${fresh ? 'again on a new connection' : 'on a new connection'})`));
    });
    request.end(req.body);
  });
}

/** What is wrong with an answer, or null. */
function defect(req: FuzzRequest, answer: Answer): string | null {
  if (answer.status >= 500) return `${answer.status}`;
  if (answer.status < 400 || req.method === 'HEAD') return null;
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    return `${answer.status} not JSON`;
  }
  const b = body as Record<string, unknown>;
  const shaped =
    Object.keys(b).sort().join() === 'code,message,more_info,status' &&
    Number.isInteger(b.code) &&
    typeof b.message === 'string' &&
    b.message.length > 0 &&
    b.more_info === `https://www.twilio.com/docs/errors/${String(b.code)}` &&
    b.status === answer.status;
  return shaped ? null : `${answer.status} misshaped`;
}

describe('Route fuzzer (e2e)', () => {
  let router: RunningRouter;
  let routes: CatalogRoute[];
  let ctx: FuzzContext;

  beforeAll(async () => {
    router = await startRouter();
    routes = routeCatalog(router);
    const seeded = await seedAccount(router, await newAccount(router, 'fuzz'), 'fuzz');
    const { account, key, phone, proxy } = seeded;
    ctx = {
      baseUrl: router.baseUrl,
      ids: seeded.ids,
      basic: basic(account.sid, account.authToken),
      apiKey: basic(key.sid, key.secret),
      accessToken: seeded.token('alice'),
      carrierToken: process.env.TWILIO_AUTH_TOKEN ?? '',
      carrierFields: [
        'MessageSid',
        'SmsSid',
        'SmsMessageSid',
        'AccountSid',
        'MessagingServiceSid',
        'From',
        'To',
        'Body',
        'NumMedia',
        'NumSegments',
        'MediaUrl0',
        'MediaContentType0',
        'MediaUrl9',
        'MessageStatus',
        'SmsStatus',
        'ErrorCode',
        'ErrorMessage',
        'ProfileName',
        'WaId',
        'ApiVersion',
      ],
      carrierValues: [
        phone,
        proxy,
        `whatsapp:${phone}`,
        process.env.TWILIO_ACCOUNT_SID ?? '',
        'SM' + '0'.repeat(32),
        'delivered',
        'failed',
        '1',
        '0',
        '30008',
      ],
    };
  }, 60_000);

  afterAll(async () => {
    agent.destroy();
    await router?.close();
  });

  it('walks every route of the running router, the carrier webhooks and MCS among them', () => {
    const urls = routes.map((r) => r.url);
    expect(urls).toEqual(
      expect.arrayContaining([
        '/webhooks/twilio/messaging',
        '/webhooks/twilio/status',
        '/v1/Services/:ChatServiceSid/Media',
        '/v1/Services/:ChatServiceSid/Bindings',
        '/v1/Conversations/:ConversationSid/Messages',
        '/2010-04-01/Accounts.json',
      ]),
    );
    // The catalog found the DTOs of Nest's routes (so forms carry their real parameter names).
    expect(routes.find((r) => r.method === 'POST' && r.url === '/v1/Conversations')?.bodyParams).toContain('Timers.Inactive');
  });

  it(
    `answers ${RUNS} random requests without a 5xx, a hang or an error that is not Twilio's`,
    async () => {
      // The same share of requests for every route; the seed makes the run repeatable.
      const perRoute = Math.max(1, Math.ceil(RUNS / routes.length));
      const queues = routes.map((route, i) => fc.sample(requestsFor(ctx, route), { seed: SEED + i, numRuns: perRoute }));
      const requests: FuzzRequest[] = [];
      for (let n = 0; n < perRoute; n++) for (const q of queues) requests.push(q[n]);

      const failures = new Map<string, { count: number; example: string }>();
      let sent = 0;
      const worker = async () => {
        for (let req = requests.shift(); req; req = requests.shift()) {
          let problem: string | null;
          let detail = '';
          try {
            const answer = await send(router, req);
            problem = defect(req, answer);
            detail = answer.text.slice(0, 300);
          } catch (err) {
            problem = `no answer: ${(err as Error).message}`;
          }
          sent += 1;
          if (!problem) continue;
          const key = `${req.route} -> ${problem}`;
          const seen = failures.get(key);
          if (seen) seen.count += 1;
          else {
            const shown = { ...req, body: req.body && req.body.length > 500 ? `<${req.body.length} bytes>` : req.body?.toString('latin1') };
            failures.set(key, { count: 1, example: `${JSON.stringify(shown)}\n    answered: ${detail}` });
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      const report = [...failures].map(([key, f]) => `${key} (x${f.count})\n    ${f.example}`).join('\n');
      expect({ sent: sent >= RUNS, failures: report }).toEqual({ sent: true, failures: '' });
    },
    Math.max(120_000, RUNS * 200),
  );
});
