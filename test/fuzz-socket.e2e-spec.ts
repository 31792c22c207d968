import fc from 'fast-check';
import { STATUS_CODES } from 'node:http';
import type { TwilsockClient } from 'twilsock';
import { ChatApiHandler } from '../src/chat-api/chat-api.handler';
import { DEFAULT_REALTIME_LIMITS } from '../src/realtime/realtime-limits';
import { UpstreamRouter } from '../src/realtime/upstream-router';
import { newAccount, startRouter, type RunningRouter } from './support';
import { pathTrick, sidLike, strayName, wireValue } from './support/fuzz/wire-values';
import { seedAccount, type SeededAccount } from './support/fuzz/seed-account';
import { EventLog, TWILSOCK_EVENTS, twilsockClient } from './support/realtime';

/**
 * Socket fuzzer: random upstream requests over /v3/wsconnect, through the official twilsock client,
 * to every handler the router registered (the AIM route table, CDS, ERS; prefixes and templates read
 * from the running app, so that new handlers are covered): no 5xx, every request answered within the
 * client's timeout, and every error Twilio's `{code, message, more_info, status}`.
 * `FUZZ_RUNS` and `FUZZ_SEED` as for the route fuzzer.
 */
const RUNS = Math.ceil(Number(process.env.FUZZ_RUNS ?? 3000) / 5);
const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
/** Marks a Twilsock-level refusal, which carries a status and no Twilio body. */
const TWILSOCK_REFUSAL = Symbol('twilsock refusal');
const ANSWER_MS = Number(process.env.FUZZ_ANSWER_MS ?? 30_000);

interface Upstream {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** As the SDK hands it to twilsock: a JSON value or a string. */
  body: Payload;
}

type Payload = Parameters<TwilsockClient['post']>[2];

/** Templates of the handlers that keep no route table: Sync (CDS) objects and subscriptions, ERS registrations. */
const OTHER_TEMPLATES = [
  ['GET', '/v3/Documents/:object'],
  ['GET', '/v3/Lists/:object/Items'],
  ['GET', '/v3/Maps/:object/Items/:item'],
  ['POST', '/v4/Subscriptions'],
  ['POST', '/v1/registrations'],
  ['DELETE', '/v1/registrations/:registration'],
  ['DELETE', '/v1/registrations'],
] as const;

describe('Socket fuzzer (e2e)', () => {
  let router: RunningRouter;
  let seeded: SeededAccount;
  let client: TwilsockClient;
  let templates: { method: string; template: string }[];

  beforeAll(async () => {
    router = await startRouter();
    seeded = await seedAccount(router, await newAccount(router, 'socket fuzz'), 'sockfuzz');
    const prefixes = router.app.get(UpstreamRouter).prefixes();
    templates = [
      ...router.app.get(ChatApiHandler).routeTemplates(),
      ...OTHER_TEMPLATES.map(([method, template]) => ({ method, template })),
      // Whatever else is registered, under its prefix.
      ...prefixes.map((prefix) => ({ method: 'GET', template: `${prefix}/:any` })),
    ];
    client = twilsockClient(router, seeded.token('alice'));
    const log = new EventLog(client, TWILSOCK_EVENTS);
    client.connect();
    await log.next('initialized');
  }, 60_000);

  afterAll(async () => {
    await client?.disconnect();
    await router?.close();
  });

  function requestsFor(template: { method: string; template: string }): fc.Arbitrary<Upstream> {
    const real: Record<string, string[]> = {
      service: [seeded.defaultServiceSid],
      conversation: [seeded.conversationSid, seeded.uniqueName],
      participant: seeded.ids.get('Participants/:Sid') ?? [],
      message: [...(seeded.ids.get('Messages/:Sid') ?? [])],
      user: ['alice', `${seeded.uniqueName.split('-')[0]}-bob`],
    };
    const names = [...template.template.matchAll(/:(\w+)/g)].map((m) => m[1]);
    const segment = (name: string) =>
      fc.oneof(
        { weight: 6, arbitrary: real[name]?.length ? fc.constantFrom(...real[name]).map(encodeURIComponent) : sidLike },
        { weight: 2, arbitrary: sidLike },
        { weight: 1, arbitrary: pathTrick },
      );
    const body = fc.oneof(
      fc.constant(undefined),
      fc.dictionary(
        fc.oneof(
          strayName,
          fc.constantFrom(
            'friendly_name',
            'unique_name',
            'attributes',
            'body',
            'author',
            'identity',
            'role_sid',
            'last_read_message_index',
            'notification_level',
            'media_sids',
            'binding_type',
            'address',
            'message_types',
            'credential_sid',
            'requests',
            'event_protocol_version',
            'type',
            'object_sid',
            'last_event_id',
          ),
        ),
        fc.oneof(wireValue, fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<unknown>, fc.integer(), fc.boolean(), fc.constant(null)),
        { maxKeys: 6 },
      ),
      fc.jsonValue({ maxDepth: 4 }),
      fc.string({ maxLength: 2000 }),
    );
    const query = fc.array(fc.tuple(fc.oneof(fc.constantFrom('PageSize', 'PageToken', 'Order', 'Page'), strayName), wireValue), {
      maxLength: 3,
    });
    return fc
      .record({
        method: fc.oneof(
          { weight: 8, arbitrary: fc.constant(template.method) },
          { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'PATCH') },
        ),
        segments: fc.tuple(...names.map(segment)),
        query,
        body,
        contentType: fc.constantFrom('application/json; charset=utf-8', 'application/json', 'text/plain', ''),
      })
      .map(({ method, segments, query: q, body: b, contentType }) => {
        let i = 0;
        const path = template.template.replace(/:\w+/g, () => segments[i++] ?? '');
        const search = q.length
          ? `?${new URLSearchParams(q.map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('utf8')])).toString()}`
          : '';
        // The path travels in the Twilsock header (16 KiB at most: a larger one closes the connection, as realtime-abuse covers).
        return {
          method,
          path: (path + search).length > 8_000 ? path : path + search,
          headers: (contentType ? { 'Content-Type': contentType, 'X-Twilio-Mutation-Id': 'fuzz' } : {}) as Record<string, string>,
          body: fitting(b),
        };
      });
  }

  /** Within the frame limit (128 KiB): a larger frame closes the connection, which realtime-abuse.e2e-spec.ts covers. */
  const fitting = (body: unknown): Payload =>
    (JSON.stringify(body ?? null) ?? '').length > 100_000 ? 'x'.repeat(100_000) : (body as Payload);

  /** An answer, or a status of -1 when none came within 30 s (the router answers 504 after 25 s). */
  async function send(req: Upstream): Promise<{ status: number; body: unknown }> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<{ status: number; body: unknown }>((resolve) => {
      timer = setTimeout(() => resolve({ status: -1, body: `no answer within ${ANSWER_MS} ms` }), ANSWER_MS);
    });
    try {
      return await Promise.race([exchange(req), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  async function exchange(req: Upstream): Promise<{ status: number; body: unknown }> {
    const url = `https://aim.us1.twilio.com${req.path}`;
    try {
      const reply = (await (req.method === 'GET'
        ? client.get(url, req.headers)
        : req.method === 'DELETE'
          ? client.delete(url, req.headers, req.body)
          : req.method === 'PUT'
            ? client.put(url, req.headers, req.body)
            : client.post(url, req.headers, req.body))) as { status: { code: number }; body: unknown };
      return { status: reply.status.code, body: reply.body };
    } catch (err) {
      const upstream = err as { status?: number; body?: unknown; message?: string };
      // A frame the router refuses at the Twilsock level (its header breaks the schema) is answered
      // with a Twilsock status, which the client reports as a transport failure with its reason.
      const refused = /^Transport failure: (.+)$/.exec(upstream.message ?? '');
      const code = refused ? Object.entries(STATUS_CODES).find(([, text]) => text === refused[1])?.[0] : undefined;
      if (code && Number(code) >= 400 && Number(code) < 500) return { status: Number(code), body: TWILSOCK_REFUSAL };
      if (typeof upstream.status !== 'number') return { status: -1, body: upstream.message };
      return { status: upstream.status, body: upstream.body };
    }
  }

  it(`answers ${RUNS} random upstream requests over the socket without a 5xx or a hang, errors Twilio-shaped`, async () => {
    expect(templates.map((t) => t.template)).toEqual(expect.arrayContaining(['/Client/v2/Configuration', '/v1/registrations']));
    const perTemplate = Math.max(1, Math.ceil(RUNS / templates.length));
    const queues = templates.map((t, i) => fc.sample(requestsFor(t), { seed: SEED + i, numRuns: perTemplate }));
    const failures = new Map<string, { count: number; example: string }>();
    let sent = 0;
    const work = queues.flatMap((q, i) => q.map((req) => ({ req, i })));
    // Within the connection's frame rate (its burst, then 3/4 of its rate): beyond it the router closes
    // the connection by design (realtime-abuse covers it) and the requests under way are never
    // answered. `npm test`'s run stays inside the burst; `npm run fuzz` is paced.
    const { frameBurst, framesPerSecond } = DEFAULT_REALTIME_LIMITS;
    const started = Date.now();
    for (let at = 0; at < work.length; at += 8) {
      const due = started + (Math.max(0, at + 8 - frameBurst / 2) * 1000) / (framesPerSecond * 0.75);
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      await Promise.all(
        work.slice(at, at + 8).map(async ({ req, i }) => {
          const answer = await send(req);
          sent += 1;
          if (process.env.FUZZ_TRACE)
            process.stdout.write(`${answer.status} ${req.method} ${req.path.slice(0, 120)} ${JSON.stringify(req.body ?? null).length}\n`);
          let problem: string | null = null;
          if (answer.status < 0) problem = `no answer: ${String(answer.body)}`;
          else if (answer.status >= 500) problem = String(answer.status);
          else if (answer.status >= 400) {
            const b = (answer.body ?? {}) as Record<string, unknown>;
            const shaped =
              Object.keys(b).sort().join() === 'code,message,more_info,status' &&
              b.status === answer.status &&
              b.more_info === `https://www.twilio.com/docs/errors/${String(b.code)}`;
            if (!shaped && answer.body !== TWILSOCK_REFUSAL) problem = `${answer.status} misshaped`;
          }
          if (!problem) return;
          const key = `${templates[i].method} ${templates[i].template} -> ${problem}`;
          const seen = failures.get(key);
          if (seen) seen.count += 1;
          else
            failures.set(key, {
              count: 1,
              example: `${JSON.stringify(req).slice(0, 600)}\n    answered: ${JSON.stringify(answer.body).slice(0, 300)}`,
            });
        }),
      );
    }
    const report = [...failures].map(([key, f]) => `${key} (x${f.count})\n    ${f.example}`).join('\n');
    expect({ sent: sent >= RUNS, failures: report }).toEqual({ sent: true, failures: '' });
  }, 300_000);
});
