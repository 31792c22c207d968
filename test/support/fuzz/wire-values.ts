import fc from 'fast-check';

/** Hostile and ordinary values for Twilio parameters: what the route fuzzer puts in paths, queries and forms. */

const hex32 = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 32, maxLength: 32 });
const prefixes = ['AC', 'SK', 'IS', 'CH', 'MB', 'IM', 'DY', 'IG', 'WH', 'RL', 'US', 'ME', 'CR', 'BS', 'MG', 'XX'];

/** SIDs of every prefix, well formed or nearly. */
export const sidLike = fc.oneof(
  fc.tuple(fc.constantFrom(...prefixes), hex32).map(([p, h]) => p + h),
  fc.tuple(fc.constantFrom(...prefixes), hex32).map(([p, h]) => (p + h).toUpperCase()),
  fc.tuple(fc.constantFrom(...prefixes), hex32).map(([p, h]) => p + h.slice(1)),
  fc.tuple(fc.constantFrom(...prefixes), hex32).map(([p, h]) => p + h + '0'),
);

/** Text with what breaks naive code: control characters, NUL, lone surrogates, astral characters, RTL marks. */
export const nastyText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\ud800',
    '\udfff',
    '\u202e',
    '\ufeff',
    '😀'.repeat(50),
    '%',
    '%%',
    '%ZZ',
    '%FF',
    '..',
    '../..',
  ),
  fc.constantFrom('{', '}', '[', 'null', 'true', '0', '-0', '1e309', 'NaN', 'Infinity', '[object Object]', '__proto__', 'constructor'),
);

const jsonText = fc.oneof(
  fc.json({ maxDepth: 3 }),
  fc.constantFrom('{', '{"a":', '[1,]', "{'a':1}", '"str"', 'null', '[]', '{}', '{"__proto__":{"x":1}}'),
  fc.nat({ max: 5000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.nat({ max: 5000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
);

const dates = fc.oneof(
  fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString().replace(/\.\d+Z$/, 'Z')),
  fc.constantFrom(
    '2020-13-45T00:00:00Z',
    '2020-02-30',
    '0000-00-00T00:00:00Z',
    '+275760-09-13T00:00:00.001Z',
    '1970-01-01',
    '-1',
    '1e20',
    'yesterday',
  ),
  fc.integer().map(String),
);

const durations = fc.oneof(
  fc.tuple(fc.nat({ max: 100 }), fc.nat({ max: 100 }), fc.nat({ max: 100 })).map(([d, h, m]) => `P${d}DT${h}H${m}M`),
  fc.constantFrom(
    'P',
    'PT',
    'PT1M',
    'pt10m',
    'P1Y2M3W4DT5H6M7.5S',
    'PT-1M',
    'PT1.5M',
    'P99999999999999999999D',
    'PT1S',
    'P1W',
    'PT0S',
    '1M',
  ),
);

const addresses = fc.oneof(
  fc.tuple(fc.constantFrom('+1555', '+44', '+49', '+86', '+1'), fc.stringMatching(/^\d{5,12}$/)).map(([a, b]) => a + b),
  fc
    .constantFrom('whatsapp:', 'WhatsApp:', 'whatsapp: ', 'messenger:', 'sms:')
    .chain((p) => fc.stringMatching(/^\+\d{1,16}$/).map((n) => p + n)),
  fc.constantFrom('+0', '+', '12345', '+15005550006', '+1' + '9'.repeat(40), 'whatsapp:', '00155512345', '+1 (555) 123-4567'),
);

const urls = fc.oneof(
  fc.webUrl().map((u) => u.replace(/^(https?:\/\/)[^/?#]*/, '$1fuzz.invalid')),
  fc.constantFrom(
    'http://127.0.0.1:9/hook',
    'http://10.0.0.1/x',
    'http://169.254.169.254/latest',
    'http://[::1]/x',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'ftp://fuzz.invalid/',
    'http://',
    'http://user:pass@fuzz.invalid/',
    'http://fuzz.invalid/' + 'a'.repeat(3000),
  ),
);

const enums = fc.constantFrom(
  'active',
  'INACTIVE',
  'closed',
  'sms',
  'whatsapp',
  'chat',
  'messenger',
  'gbm',
  'webhook',
  'studio',
  'service',
  'deployment',
  'conversation',
  'asc',
  'DESC',
  'GET',
  'post',
  'default',
  'muted',
  'apn',
  'gcm',
  'fcm',
  'onMessageAdded',
  'onConversationAdded',
  'send_message',
  'simulator',
  'twilio',
  'delivered',
  'failed',
  'undelivered',
  'queued',
);

const booleans = fc.constantFrom('true', 'false', 'TRUE', 'False', '1', '0', 'yes', '', 'null');
const integers = fc.oneof(
  fc.integer().map(String),
  fc.constantFrom('-1', '0', '2147483648', '9007199254740993', '1e3', '0x10', '1.5', ' 1', '١٢٣', '99999999999999999999999'),
);

/** One parameter value: usually a plausible one of some type, often a hostile one. */
export const wireValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: nastyText },
  { weight: 2, arbitrary: sidLike },
  { weight: 2, arbitrary: jsonText },
  { weight: 2, arbitrary: dates },
  { weight: 2, arbitrary: durations },
  { weight: 2, arbitrary: addresses },
  { weight: 2, arbitrary: urls },
  { weight: 2, arbitrary: enums },
  { weight: 2, arbitrary: booleans },
  { weight: 2, arbitrary: integers },
  { weight: 1, arbitrary: fc.nat({ max: 70_000 }).map((n) => 'x'.repeat(n)) },
);

/** A path segment that is not an id: traversal, encodings the router must not trip on, lengths over its limit. */
export const pathTrick = fc.oneof(
  fc.constantFrom(
    '..',
    '.',
    '%2e%2e',
    '%2F',
    '..%2F..%2Fetc',
    '%00',
    '%',
    '%ZZ',
    '%FF%FE',
    '%C0%AE',
    '%E2%80%AE',
    '~',
    '*',
    ';',
    ';jsessionid=1',
    '.json',
    'undefined',
    'null',
    '__proto__',
    'constructor',
  ),
  fc.nat({ max: 3000 }).map((n) => 'A'.repeat(n + 1)),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }).map((t) => encodeURIComponent(Buffer.from(t, 'utf8').toString('utf8'))),
);

/** Parameter names besides the declared ones: unknown, oddly cased, dotted, prototype keys, empty. */
export const strayName = fc.oneof(
  fc.constantFrom(
    '',
    'Bogus',
    'friendlyname',
    'FRIENDLYNAME',
    'a.b.c',
    '.',
    'x.',
    '__proto__',
    'constructor',
    'toString',
    'Filename',
    'Category',
  ),
  fc.string({ minLength: 1, maxLength: 12 }),
);
