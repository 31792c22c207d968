import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { isoDate, rfc2822Date } from '../common/wire-format';

/** The only Messages API version there is. */
export const API_VERSION = '2010-04-01';

/** What the simulator last reported for a message it accepted. */
export type SimulatedStatus = 'queued' | 'sent' | 'delivered' | 'undelivered';

/** A message the router sent through the simulator: what the recipient phone "received". */
export interface SimulatedMessage {
  sid: string;
  accountSid: string;
  from: string;
  to: string;
  body: string;
  mediaUrls: string[];
  status: SimulatedStatus;
  /** The error code of a failed or undelivered status; null otherwise. */
  errorCode: number | null;
  numSegments: number;
  dateCreated: Date;
  dateUpdated: Date;
}

/** A carrier message SID: `SM` (text) or `MM` (with media) + 32 lowercase hex digits, as Twilio's. */
export function newCarrierSid(prefix: 'SM' | 'MM'): string {
  return prefix + randomBytes(16).toString('hex');
}

export const CARRIER_SID = /^(SM|MM)[0-9a-f]{32}$/i;

// GSM 03.38: the basic set, and the extension set whose characters take two septets.
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM_EXTENDED = new Set('^{}\\[~]|€\f');

/** SMS segments of a body: GSM-7 (160, or 153 per part) when every character fits, else UCS-2 (70, or 67). */
export function segmentCount(body: string): number {
  let septets = 0;
  let gsm = true;
  for (const ch of body) {
    if (GSM_BASIC.has(ch)) septets += 1;
    else if (GSM_EXTENDED.has(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return septets <= 160 ? 1 : Math.ceil(septets / 153);
  const units = body.length; // UTF-16 code units: a character outside the BMP takes two
  return units <= 70 ? 1 : Math.ceil(units / 67);
}

/** The Message resource of Twilio's 2010-04-01 API, as the official client parses it. */
export interface MessageResource {
  sid: string;
  account_sid: string;
  api_version: string;
  from: string;
  to: string;
  body: string;
  status: SimulatedStatus;
  direction: 'outbound-api';
  messaging_service_sid: null;
  num_media: string;
  num_segments: string;
  price: null;
  price_unit: string;
  error_code: number | null;
  error_message: null;
  uri: string;
  subresource_uris: { media: string; feedback: string };
  date_created: string | null;
  date_updated: string | null;
  date_sent: string | null;
}

export function messageResource(message: SimulatedMessage): MessageResource {
  const uri = `/${API_VERSION}/Accounts/${message.accountSid}/Messages/${message.sid}`;
  return {
    sid: message.sid,
    account_sid: message.accountSid,
    api_version: API_VERSION,
    from: message.from,
    to: message.to,
    body: message.body,
    status: message.status,
    direction: 'outbound-api',
    messaging_service_sid: null,
    num_media: String(message.mediaUrls.length),
    num_segments: String(message.numSegments),
    price: null,
    price_unit: 'USD',
    error_code: message.errorCode,
    error_message: null,
    uri: `${uri}.json`,
    subresource_uris: { media: `${uri}/Media.json`, feedback: `${uri}/Feedback.json` },
    date_created: rfc2822Date(message.dateCreated),
    date_updated: rfc2822Date(message.dateUpdated),
    date_sent: message.status === 'queued' ? null : rfc2822Date(message.dateUpdated),
  };
}

/** A phone's inbox entry, as GET /simulator/phones/{phone}/messages lists it. */
export function inboxEntry(message: SimulatedMessage) {
  return {
    sid: message.sid,
    from: message.from,
    to: message.to,
    body: message.body,
    media_urls: message.mediaUrls,
    status: message.status,
    date_created: isoDate(message.dateCreated),
  };
}

/** A status callback's form fields, as Twilio posts them to StatusCallback. */
export function statusCallbackFields(
  message: Pick<SimulatedMessage, 'sid' | 'accountSid' | 'from' | 'to'>,
  status: SimulatedStatus | 'failed',
  errorCode: number | null,
): Record<string, string> {
  return {
    MessageSid: message.sid,
    SmsSid: message.sid,
    MessageStatus: status,
    SmsStatus: status,
    AccountSid: message.accountSid,
    From: message.from,
    To: message.to,
    ApiVersion: API_VERSION,
    ...((status === 'failed' || status === 'undelivered') && errorCode !== null ? { ErrorCode: String(errorCode) } : {}),
  };
}

export interface InboundText {
  messageSid: string;
  accountSid: string;
  /** The phone: `+15551230001` or `whatsapp:+15551230001`. */
  from: string;
  /** The router's proxy address. */
  to: string;
  body: string;
  media: { url: string; contentType: string }[];
}

/** The fields of Twilio's incoming-message webhook (SMS, MMS, WhatsApp). */
export function inboundWebhookFields(message: InboundText): Record<string, string> {
  const fields: Record<string, string> = {
    MessageSid: message.messageSid,
    SmsMessageSid: message.messageSid,
    SmsSid: message.messageSid,
    AccountSid: message.accountSid,
    From: message.from,
    To: message.to,
    Body: message.body,
    NumMedia: String(message.media.length),
    NumSegments: String(segmentCount(message.body)),
    SmsStatus: 'received',
    ApiVersion: API_VERSION,
  };
  message.media.forEach((m, i) => {
    fields[`MediaUrl${i}`] = m.url;
    fields[`MediaContentType${i}`] = m.contentType;
  });
  if (message.from.startsWith('whatsapp:')) {
    // WhatsApp senders also carry their WhatsApp id: the number without `+`.
    fields.WaId = message.from.slice('whatsapp:+'.length);
  }
  return fields;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  mp4: 'video/mp4',
  '3gp': 'video/3gpp',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  amr: 'audio/amr',
  pdf: 'application/pdf',
  vcf: 'text/vcard',
  txt: 'text/plain',
};

/** A media URL's content type, guessed from its file extension (what a phone would attach). */
export function mediaContentType(url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return 'application/octet-stream';
  }
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  return (ext && CONTENT_TYPES[ext]) ?? 'application/octet-stream';
}

/** X-Twilio-Signature for a form POST to `url`, keyed by the carrier auth token. */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}

/** An absolute http(s) URL. */
export function isHttpUrl(value: string, maxLength = 2048): boolean {
  if (value.length > maxLength) return false;
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
