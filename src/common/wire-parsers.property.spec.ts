import 'reflect-metadata';
import type { ArgumentMetadata } from '@nestjs/common';
import fc from 'fast-check';
import Fastify from 'fastify';
import { parseChannelAddress } from './channel-address';
import { parseDuration } from './duration';
import { parseForm, registerFormBody } from './form-body';
import { decodeCursor, encodeCursor, type Cursor } from './paging';
import { TwilioParam } from './params/twilio-param.decorator';
import { TwilioParamsPipe } from './params/twilio-params.pipe';
import { Bool, Duration, Int, IsoDate, JsonString, OneOf, Sid } from './params/validators';
import { TwilioError } from './twilio-error';

/**
 * Property-based tests of the wire parsers: for any input, a parser either accepts it with the value
 * a Twilio client means or refuses it with a TwilioError (400 and its code), never anything else.
 * Seeded (FUZZ_SEED) and bounded (FUZZ_RUNS, default 300 per property) so that `npm test` is
 * repeatable; `FUZZ_RUNS=20000 npm run fuzz` runs them longer.
 */
const runs = { seed: Number(process.env.FUZZ_SEED ?? 20261204), numRuns: Number(process.env.FUZZ_RUNS ?? 300) };
jest.setTimeout(Math.max(30_000, runs.numRuns * 20));

/** Well-formed text (no lone surrogates: those cannot be sent as UTF-8). */
const text = (max = 20) => fc.string({ unit: 'grapheme-composite', maxLength: max });
const encodePairs = (pairs: [string, string][]) => new URLSearchParams(pairs).toString().replace(/\+/g, '%20');

/** Parses `body` as the router's form parser does (through Fastify), answering the params or the error. */
async function postForm(body: Buffer): Promise<{ status: number; json: unknown }> {
  const app = Fastify();
  app.removeAllContentTypeParsers();
  registerFormBody(app, 1024 * 1024);
  app.setErrorHandler((err, _req, reply) => {
    void reply
      .status(err instanceof TwilioError ? err.status : 500)
      .send(err instanceof TwilioError ? err.toJSON() : { error: String(err) });
  });
  app.post('/', (req) => ({ ...(req.body as object) }));
  const res = await app.inject({
    method: 'POST',
    url: '/',
    payload: body,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  await app.close();
  return { status: res.statusCode, json: res.json() };
}

describe('form bodies', () => {
  it('decode to the pairs that were encoded: repeated keys in order as arrays, dot paths kept', () => {
    const name = fc.oneof(text(12), fc.constantFrom('MessagingBinding.Address', 'Timers.Inactive', 'a.b.c', 'Participant'));
    fc.assert(
      fc.property(fc.array(fc.tuple(name, text()), { maxLength: 12 }), (pairs) => {
        // No prototype: a name such as __proto__ or constructor is a name like any other.
        const expected: Record<string, string | string[]> = Object.create(null);
        for (const [k, v] of pairs) expected[k] = k in expected ? [expected[k], v].flat() : v;
        expect({ ...parseForm(encodePairs(pairs)) }).toEqual({ ...expected });
      }),
      runs,
    );
  });

  it('read + and %20 alike, and never throw on any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => {
        const parsed = parseForm(s);
        expect(Object.getPrototypeOf(parsed)).toBeNull();
        expect(parseForm(`k=${encodeURIComponent(s.replace(/[\ud800-\udfff]/g, ''))}`.replace(/%20/g, '+')).k).toBe(
          s.replace(/[\ud800-\udfff]/g, ''),
        );
      }),
      runs,
    );
  });

  it('accept every well-formed UTF-8 body through the server parser', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(text(8), text()), { maxLength: 6 }), async (pairs) => {
        const res = await postForm(Buffer.from(encodePairs(pairs)));
        expect(res).toEqual({ status: 200, json: { ...parseForm(encodePairs(pairs)) } });
      }),
      { ...runs, numRuns: Math.ceil(runs.numRuns / 5) },
    );
  });

  it('refuse a body holding bytes that are not UTF-8, raw or percent-encoded, with 400 / 20001', async () => {
    const broken = fc.constantFrom(
      [0x80],
      [0xbf],
      [0xc0, 0xaf],
      [0xc3],
      [0xe2, 0x82],
      [0xed, 0xa0, 0x80],
      [0xf5, 0x80, 0x80, 0x80],
      [0xff],
    );
    await fc.assert(
      fc.asyncProperty(text(), broken, fc.boolean(), text(), async (before, bytes, escaped, after) => {
        const middle = escaped ? Buffer.from(bytes.map((b) => `%${b.toString(16).toUpperCase()}`).join('')) : Buffer.from(bytes);
        const body = Buffer.concat([Buffer.from(`A=${encodeURIComponent(before)}`), middle, Buffer.from(encodeURIComponent(after))]);
        const res = await postForm(body);
        expect(res.status).toBe(400);
        expect(res.json).toMatchObject({ code: 20001, status: 400 });
      }),
      { ...runs, numRuns: Math.ceil(runs.numRuns / 5) },
    );
  });
});

describe('ISO-8601 durations', () => {
  const part = fc.option(fc.nat({ max: 10_000 }), { nil: undefined });

  it('count the milliseconds of every duration written with any of its parts, in either case', () => {
    fc.assert(
      fc.property(part, part, part, part, part, part, part, fc.boolean(), (y, mo, w, d, h, mi, s, lower) => {
        const date = [y && `${y}Y`, mo !== undefined && `${mo}M`, w !== undefined && `${w}W`, d !== undefined && `${d}D`]
          .filter(Boolean)
          .join('');
        const time = [h !== undefined && `${h}H`, mi !== undefined && `${mi}M`, s !== undefined && `${s}S`].filter(Boolean).join('');
        const written = `P${date}${time ? `T${time}` : ''}`;
        const parsed = parseDuration(lower ? written.toLowerCase() : written);
        if (written === 'P') return expect(parsed).toBeUndefined();
        const days = (y ?? 0) * 365 + (mo ?? 0) * 30 + (w ?? 0) * 7 + (d ?? 0);
        expect(parsed).toBe((((days * 24 + (h ?? 0)) * 60 + (mi ?? 0)) * 60 + (s ?? 0)) * 1000);
      }),
      runs,
    );
  });

  it('are undefined or a finite non-negative length for any text, never an exception', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[Pp][0-9YMWDTHS.,-]{0,12}$/)), (s) => {
        const parsed = parseDuration(s);
        if (parsed !== undefined) expect(Number.isFinite(parsed) && parsed >= 0).toBe(true);
        if (!/^\s*p/i.test(s)) expect(parsed).toBeUndefined();
      }),
      runs,
    );
  });
});

describe('E.164 and whatsapp: addresses', () => {
  // North American numbers: NPA and exchange 2-9xx, then four digits (always "possible").
  const nanp = fc.tuple(fc.integer({ min: 200, max: 999 }), fc.integer({ min: 200, max: 999 }), fc.integer({ min: 0, max: 9999 }));
  const e164 = nanp.map(([a, b, c]) => `+1${a}${b}${String(c).padStart(4, '0')}`);

  it('accept E.164 numbers as they are, and whatsapp: ones in any case with the prefix normalised', () => {
    fc.assert(
      fc.property(e164, fc.constantFrom('', 'whatsapp:', 'WhatsApp:', 'WHATSAPP: '), fc.constantFrom('', ' '), (number, prefix, pad) => {
        const parsed = parseChannelAddress(`${pad}${prefix}${number}${pad}`);
        const whatsapp = prefix !== '';
        expect(parsed).toEqual({ address: { type: whatsapp ? 'whatsapp' : 'sms', value: whatsapp ? `whatsapp:${number}` : number } });
        // Parsing what was stored gives it back.
        if ('address' in parsed) expect(parseChannelAddress(parsed.address.value)).toEqual(parsed);
      }),
      runs,
    );
  });

  it('drop a national prefix written after the country code, and refuse what is then too short for E.164', () => {
    expect(parseChannelAddress('+4306641234567')).toEqual({ address: { type: 'sms', value: '+436641234567' } });
    // Found by `npm run fuzz`: +43 0000 0 became +430000, six digits, stored as an address.
    expect(parseChannelAddress('+4300000')).toEqual({ error: "'+4300000' is not a possible phone number" });
  });

  it('answer an address or an error text for any input; what is accepted has a stored shape', () => {
    const noisy = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.stringMatching(/^(whatsapp:)?\+?\d{0,20}$/),
    );
    fc.assert(
      fc.property(noisy, fc.boolean(), (s, allowShortCode) => {
        const parsed = parseChannelAddress(s, { allowShortCode });
        if ('error' in parsed) return expect(typeof parsed.error).toBe('string');
        expect(parsed.address.value).toMatch(
          allowShortCode ? /^(whatsapp:\+[1-9]\d{6,14}|\+[1-9]\d{6,14}|\d{3,8})$/ : /^(whatsapp:)?\+[1-9]\d{6,14}$/,
        );
        expect(parsed.address.type).toBe(parsed.address.value.startsWith('whatsapp:') ? 'whatsapp' : 'sms');
      }),
      runs,
    );
  });
});

describe('page tokens', () => {
  const key = fc.array(fc.oneof(fc.string(), fc.integer()), { minLength: 1, maxLength: 3 });

  it('decode to the position they were made from', () => {
    fc.assert(
      fc.property(fc.constantFrom<'next' | 'prev'>('next', 'prev'), key, (dir, k) => {
        const cursor: Cursor = { dir, key: k };
        expect(decodeCursor(encodeCursor(cursor), k.length)).toEqual(cursor);
      }),
      runs,
    );
  });

  it('refuse anything else with 400 / 20001, whatever the text', () => {
    const token = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }).map((s) => 'PT' + s),
      fc.json().map((j) => 'PT' + Buffer.from(j).toString('base64url')),
      key.map((k) => encodeCursor({ dir: 'next', key: k })),
    );
    fc.assert(
      fc.property(token, fc.integer({ min: 1, max: 3 }), (t, arity) => {
        try {
          const cursor = decodeCursor(t, arity);
          expect(cursor.key).toHaveLength(arity);
        } catch (err) {
          expect(err).toBeInstanceOf(TwilioError);
          expect({ code: (err as TwilioError).code, status: (err as TwilioError).status }).toEqual({ code: 20001, status: 400 });
        }
      }),
      runs,
    );
  });
});

class WireDto {
  @TwilioParam('State')
  @OneOf(['active', 'inactive', 'closed'], { code: 50378, emptyCode: 50374 })
  state?: string;

  @TwilioParam('Enabled')
  @Bool()
  enabled?: boolean;

  @TwilioParam('Count')
  @Int(0, 1000)
  count?: number;

  @TwilioParam('DateCreated')
  @IsoDate({ code: 50308 })
  dateCreated?: Date;

  @TwilioParam('Timers.Inactive')
  @Duration({ code: 50379 })
  inactive?: string;

  @TwilioParam('Attributes')
  @JsonString(16 * 1024)
  attributes?: string;

  @TwilioParam('RoleSid')
  @Sid('RL')
  roleSid?: string;
}

describe('Twilio parameters (TwilioParamsPipe)', () => {
  const pipe = new TwilioParamsPipe();
  const meta: ArgumentMetadata = { type: 'body', metatype: WireDto };
  const transform = (params: Record<string, string | string[]>) => pipe.transform(params, meta) as WireDto;
  /** The TwilioError a call throws (failing on any other outcome). */
  const refusal = (params: Record<string, string | string[]>): TwilioError => {
    try {
      transform(params);
    } catch (err) {
      if (err instanceof TwilioError) return err;
      throw err;
    }
    throw new Error(`accepted ${JSON.stringify(params)}`);
  };
  const anyCase = (s: string) =>
    fc
      .array(fc.boolean(), { minLength: s.length, maxLength: s.length })
      .map((up) => [...s].map((c, i) => (up[i] ? c.toUpperCase() : c)).join(''));

  it('take enums in any case and give the canonical spelling; refuse the rest with the parameter code', () => {
    fc.assert(
      fc.property(fc.constantFrom('active', 'inactive', 'closed').chain(anyCase), (written) => {
        expect(transform({ state: written }).state).toBe(written.toLowerCase());
      }),
      runs,
    );
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((s) => s.trim() !== '' && !['active', 'inactive', 'closed'].includes(s.trim().toLowerCase())),
        (s) => {
          expect(refusal({ State: s }).code).toBe(50378);
        },
      ),
      runs,
    );
  });

  it('take true and false in any case as booleans, and nothing else', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom('true', 'false').chain(anyCase), fc.string()), (s) => {
        const meant = s.trim().toLowerCase();
        if (meant === 'true' || meant === 'false') expect(transform({ Enabled: s }).enabled).toBe(meant === 'true');
        else expect(refusal({ Enabled: s }).code).toBe(20001);
      }),
      runs,
    );
  });

  it('take integers in range only', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer().map(String), fc.string()), (s) => {
        const n = Number(s);
        if (/^\s*-?\d+\s*$/.test(s) && n >= 0 && n <= 1000) expect(transform({ Count: s }).count).toBe(n);
        else expect(refusal({ Count: s }).code).toBe(20001);
      }),
      runs,
    );
  });

  it('take ISO-8601 dates as the instant they name, and refuse others with the parameter code', () => {
    const instant = fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true });
    fc.assert(
      fc.property(instant, fc.boolean(), (d, millis) => {
        const written = millis ? d.toISOString() : d.toISOString().replace(/\.\d+Z$/, 'Z');
        expect(transform({ DateCreated: written }).dateCreated?.toISOString()).toBe(new Date(written).toISOString());
      }),
      runs,
    );
    fc.assert(
      fc.property(fc.string(), (s) => {
        try {
          expect(transform({ DateCreated: s }).dateCreated).toBeInstanceOf(Date);
        } catch (err) {
          expect((err as TwilioError).code).toBe(50308);
        }
      }),
      runs,
    );
  });

  it('take any JSON document as attributes, and refuse what is not JSON with 50304', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 4 }), (j) => {
        expect(transform({ Attributes: j }).attributes).toBe(j);
      }),
      runs,
    );
    fc.assert(
      fc.property(
        fc.string().filter((s) => {
          try {
            JSON.parse(s);
            return false;
          } catch {
            return true;
          }
        }),
        (s) => expect(refusal({ Attributes: s }).code).toBe(50304),
      ),
      runs,
    );
  });

  it('take SIDs of the right prefix in any case, lowercased, and durations as written', () => {
    const hex = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 32, maxLength: 32 });
    fc.assert(
      fc.property(hex, fc.boolean(), (h, upper) => {
        expect(transform({ RoleSid: `RL${upper ? h.toUpperCase() : h}` }).roleSid).toBe(`RL${h}`);
        expect(refusal({ RoleSid: `CH${h}` }).code).toBe(20001);
      }),
      runs,
    );
    fc.assert(
      fc.property(fc.nat({ max: 10_000 }), (m) => expect(transform({ 'Timers.Inactive': `PT${m}M` }).inactive).toBe(`PT${m}M`)),
      runs,
    );
  });

  it('refuse unknown names, a scalar given twice and NUL anywhere with 20001, never another error', () => {
    const value = fc.oneof(fc.string(), fc.array(fc.string(), { minLength: 2, maxLength: 3 }));
    fc.assert(
      fc.property(fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('State', 'Enabled', 'Count', 'Attributes')), value), (params) => {
        try {
          transform(params);
        } catch (err) {
          expect(err).toBeInstanceOf(TwilioError);
          expect((err as TwilioError).status).toBe(400);
        }
      }),
      runs,
    );
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => expect(refusal({ State: `${a}\u0000${b}` }).code).toBe(20001)),
      runs,
    );
  });

  it('refuse the names of Object.prototype (a form with __proto__=) as unknown, touching no prototype', () => {
    for (const name of ['__proto__', '__proto__.polluted', 'constructor', 'constructor.prototype.polluted', 'toString']) {
      const params = parseForm(`${encodeURIComponent(name)}=x&State=active`);
      // The parser keeps the name as a key of an object without a prototype, never as a prototype.
      expect(Object.getPrototypeOf(params)).toBeNull();
      expect(Object.getOwnPropertyDescriptor(params, name)?.value).toBe('x');
      expect(refusal(params)).toMatchObject({ code: 20001, status: 400 });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
