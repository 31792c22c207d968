/** A message a fake carrier accepted, as its GET Messages.json lists it. */
export interface ListedSend {
  sid: string;
  accountSid: string;
  from: string;
  to: string;
  body: string;
  numMedia: number;
  /** When the fake accepted it (its DateSent: the fakes send at once). */
  at: number;
}

const rfc2822 = (ms: number) => new Date(ms).toUTCString().replace(/GMT$/, '+0000');
const DAY_MS = 86_400_000;

/** A DateSent value as Twilio reads it: a GMT day or a time to the second; [from, to] in ms, or null when malformed. */
function bounds(value: string): [number, number] | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const day = Date.parse(`${value}T00:00:00Z`);
    return Number.isNaN(day) ? null : [day, day + DAY_MS - 1];
  }
  const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(at) ? null : [Math.floor(at / 1000) * 1000, Math.floor(at / 1000) * 1000 + 999];
}

/**
 * Twilio's GET /2010-04-01/Accounts/{AC}/Messages.json over the sends a fake accepted: To, From,
 * DateSent / DateSent>= / DateSent<= (query keys `DateSent`, `DateSent>`, `DateSent<`), PageSize and
 * Page; newest first; pages linked by next_page_uri. Returns [status, body].
 */
export function listMessages(accountSid: string, sends: readonly ListedSend[], search: URLSearchParams): [number, unknown] {
  const to = search.get('To');
  const from = search.get('From');
  let low = -Infinity;
  let high = Infinity;
  for (const [key, pick] of [
    ['DateSent', 'both'],
    ['DateSent>', 'low'],
    ['DateSent<', 'high'],
  ] as const) {
    const value = search.get(key);
    if (value === null) continue;
    const b = bounds(value);
    if (!b)
      return [
        400,
        { code: 20001, message: `Invalid ${key}: ${value}`, more_info: 'https://www.twilio.com/docs/errors/20001', status: 400 },
      ];
    if (pick !== 'high') low = Math.max(low, b[0]);
    if (pick !== 'low') high = Math.min(high, b[1]);
  }
  const pageSize = Math.min(1000, Math.max(1, Number(search.get('PageSize') ?? 50) || 50));
  const page = Math.max(0, Number(search.get('Page') ?? 0) || 0);
  const matching = sends
    .filter((s) => s.accountSid === accountSid && (to === null || s.to === to) && (from === null || s.from === from))
    .filter((s) => s.at >= low && s.at <= high)
    .sort((a, b) => b.at - a.at);
  const start = page * pageSize;
  const slice = matching.slice(start, start + pageSize);
  const uri = (p: number) => {
    const params = new URLSearchParams(search);
    params.set('PageSize', String(pageSize));
    params.set('Page', String(p));
    return `/2010-04-01/Accounts/${accountSid}/Messages.json?${params.toString()}`;
  };
  return [
    200,
    {
      messages: slice.map((s) => ({
        sid: s.sid,
        account_sid: s.accountSid,
        api_version: '2010-04-01',
        from: s.from,
        to: s.to,
        body: s.body,
        status: 'sent',
        direction: 'outbound-api',
        messaging_service_sid: null,
        num_media: String(s.numMedia),
        num_segments: '1',
        price: null,
        price_unit: 'USD',
        error_code: null,
        error_message: null,
        uri: `/2010-04-01/Accounts/${s.accountSid}/Messages/${s.sid}.json`,
        subresource_uris: { media: `/2010-04-01/Accounts/${s.accountSid}/Messages/${s.sid}/Media.json` },
        date_created: rfc2822(s.at),
        date_updated: rfc2822(s.at),
        date_sent: rfc2822(s.at),
      })),
      page,
      page_size: pageSize,
      start,
      end: start + Math.max(0, slice.length - 1),
      uri: uri(page),
      first_page_uri: uri(0),
      next_page_uri: start + pageSize < matching.length ? uri(page + 1) : null,
      previous_page_uri: page > 0 ? uri(page - 1) : null,
    },
  ];
}
