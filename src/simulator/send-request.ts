import { parseChannelAddress } from '../common/channel-address';
import type { FormParams } from '../common/form-body';
import { TwilioError } from '../common/twilio-error';
import { isHttpUrl } from './carrier-wire';

/** A send to the simulator's Messages API, checked as Twilio checks it. */
export interface SendRequest {
  to: string;
  from: string;
  body: string;
  mediaUrls: string[];
  statusCallback: string | null;
}

export const MAX_BODY = 1600;
export const MAX_MEDIA = 10;

const one = (form: FormParams, name: string): string | undefined => {
  const value = form[name];
  return Array.isArray(value) ? value[0] : value;
};

const all = (form: FormParams, name: string): string[] => {
  const value = form[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
};

const refuse = (code: number, message: string) => new TwilioError(code, 400, message);

/**
 * Reads Twilio's Messages.json form (To, From, Body, MediaUrl repeated, StatusCallback). Other
 * Twilio fields (MessagingServiceSid, ValidityPeriod, ...) are accepted and ignored, as Twilio
 * ignores what does not apply. Throws the TwilioError Twilio answers for the first problem.
 */
export function readSendRequest(form: FormParams): SendRequest {
  const rawTo = one(form, 'To')?.trim();
  if (!rawTo) throw refuse(21604, "A 'To' phone number is required.");
  const to = parseChannelAddress(rawTo);
  if ('error' in to) throw refuse(21211, `The 'To' number ${rawTo} is not a valid phone number.`);

  const rawFrom = one(form, 'From')?.trim();
  if (!rawFrom) throw refuse(21603, "A 'From' phone number is required (the simulator has no Messaging Service sender pools).");
  const from = parseChannelAddress(rawFrom, { allowShortCode: true });
  if ('error' in from)
    throw refuse(21212, `The 'From' number ${rawFrom} is not a valid phone number, shortcode, or alphanumeric sender ID.`);
  if (to.address.type !== from.address.type) {
    throw refuse(21910, 'Invalid From and To pair. From and To should be of the same channel.');
  }

  const body = one(form, 'Body') ?? '';
  const mediaUrls = all(form, 'MediaUrl').map((u) => u.trim());
  if (body === '' && mediaUrls.length === 0) throw refuse(21602, 'Message body is required.');
  if ([...body].length > MAX_BODY) throw refuse(21617, `The concatenated message body exceeds the ${MAX_BODY} character limit.`);
  if (mediaUrls.length > MAX_MEDIA) throw refuse(21623, `Number of media files exceeds allowed limit of ${MAX_MEDIA}.`);
  const badMedia = mediaUrls.find((u) => !isHttpUrl(u));
  if (badMedia !== undefined) throw refuse(21620, `Invalid media URL: ${badMedia}`);

  const statusCallback = one(form, 'StatusCallback')?.trim() || null;
  if (statusCallback !== null && !isHttpUrl(statusCallback)) throw refuse(21609, `Invalid StatusCallback URL: ${statusCallback}`);

  return { to: to.address.value, from: from.address.value, body, mediaUrls, statusCallback };
}
