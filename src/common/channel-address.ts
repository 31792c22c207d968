import { parsePhoneNumberFromString } from 'libphonenumber-js';

export type ChannelType = 'sms' | 'whatsapp';

export interface ChannelAddress {
  type: ChannelType;
  /** The address as stored and shown: `+15551234567`, `whatsapp:+15551234567`, or a short code. */
  value: string;
}

const MAX_LENGTH = 256;
/** Numbers already judged by libphonenumber (a parse costs tens of microseconds; phones repeat). */
const POSSIBLE_NUMBERS = new Map<string, string | null>();
const POSSIBLE_NUMBERS_MAX = 50_000;

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * The E.164 form of a possible number, or null; remembered, the cache emptied when it is full.
 * libphonenumber drops a national prefix written after the country code (`+43 0664...` is
 * `+43 664...`); what is left must still be E.164 (`+4300000` would become `+430000`: refused).
 */
function possibleE164(number: string): string | null {
  const known = POSSIBLE_NUMBERS.get(number);
  if (known !== undefined) return known;
  const parsed = parsePhoneNumberFromString(number);
  const e164 = parsed && parsed.isPossible() && E164.test(parsed.number) ? parsed.number : null;
  if (POSSIBLE_NUMBERS.size >= POSSIBLE_NUMBERS_MAX) POSSIBLE_NUMBERS.clear();
  POSSIBLE_NUMBERS.set(number, e164);
  return e164;
}

/**
 * Parses an SMS or WhatsApp address: E.164 (`+15551234567`), `whatsapp:` + E.164, or, when
 * `allowShortCode` (proxy addresses), an SMS short code of 3 to 8 digits. The channel follows the
 * prefix. Returns an error text a person can act on instead of throwing.
 */
export function parseChannelAddress(
  raw: string,
  options: { allowShortCode?: boolean } = {},
): { address: ChannelAddress } | { error: string } {
  const text = raw.trim();
  if (text.length > MAX_LENGTH) return { error: `at most ${MAX_LENGTH} characters` };
  const whatsapp = /^whatsapp:/i.test(text);
  const number = whatsapp ? text.slice('whatsapp:'.length).trim() : text;
  if (!whatsapp && options.allowShortCode && /^\d{3,8}$/.test(number)) return { address: { type: 'sms', value: number } };
  if (!E164.test(number)) {
    return { error: `'${raw}' is not an E.164 number such as +15551234567${whatsapp ? '' : ' (or whatsapp:+15551234567)'}` };
  }
  const e164 = possibleE164(number);
  if (!e164) return { error: `'${raw}' is not a possible phone number` };
  return { address: { type: whatsapp ? 'whatsapp' : 'sms', value: whatsapp ? `whatsapp:${e164}` : e164 } };
}
