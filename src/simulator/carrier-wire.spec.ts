import twilio from 'twilio';
import { parseTwilioStatusCallback } from '../channels/twilio/twilio-messages.client';
import { TwilioError } from '../common/twilio-error';
import { AppConfig } from '../config/app-config';
import { TwilioSignatureVerifier } from '../inbound/twilio-signature.verifier';
import {
  inboundWebhookFields,
  inboxEntry,
  mediaContentType,
  messageResource,
  newCarrierSid,
  segmentCount,
  type SimulatedMessage,
  statusCallbackFields,
  twilioSignature,
} from './carrier-wire';

const AC = `AC${'ca11'.repeat(8)}`;
const TOKEN = 'carrier-auth-token-0123456789';
const PUBLIC_URL = 'https://router.example.test';

const message: SimulatedMessage = {
  sid: `MM${'ab'.repeat(16)}`,
  accountSid: AC,
  from: '+15559990000',
  to: '+15551230001',
  body: 'Your code is 1234',
  mediaUrls: ['https://router.example.test/media/a.jpg'],
  status: 'queued',
  errorCode: null,
  numSegments: 1,
  dateCreated: new Date('2025-01-02T03:04:05Z'),
  dateUpdated: new Date('2025-01-02T03:04:05Z'),
};

/** The router's own carrier-webhook check, as it runs for POST PUBLIC_URL + path. */
function routerAccepts(path: string, fields: Record<string, string>, signature: string, token = TOKEN): boolean {
  const verifier = new TwilioSignatureVerifier(AppConfig.fromEnv({ PUBLIC_URL, TWILIO_AUTH_TOKEN: token }));
  try {
    verifier.verify({ url: path, headers: { 'x-twilio-signature': signature }, body: fields });
    return true;
  } catch (err) {
    if (err instanceof TwilioError && err.status === 403) return false;
    throw err;
  }
}

describe('carrier SIDs and segments', () => {
  it('SIDs are SM or MM and 32 lowercase hex digits, never repeated', () => {
    expect(newCarrierSid('SM')).toMatch(/^SM[0-9a-f]{32}$/);
    expect(newCarrierSid('MM')).toMatch(/^MM[0-9a-f]{32}$/);
    expect(new Set(Array.from({ length: 100 }, () => newCarrierSid('SM'))).size).toBe(100);
  });

  it.each([
    ['', 1],
    ['a'.repeat(160), 1],
    ['a'.repeat(161), 2],
    ['a'.repeat(306), 2],
    ['a'.repeat(307), 3],
    ['€'.repeat(80), 1], // extension characters take two septets
    ['€'.repeat(81), 2],
    ['ü'.repeat(160), 1], // in the GSM-7 set
    ['ç'.repeat(70), 1], // not in it (only Ç is): UCS-2
    ['ç'.repeat(71), 2],
    ['✓'.repeat(70), 1],
    ['✓'.repeat(71), 2],
    ['✓'.repeat(134), 2],
    ['✓'.repeat(135), 3],
    ['😀'.repeat(35), 1],
    ['😀'.repeat(36), 2],
  ])('%j is %i segment(s)', (body, segments) => {
    expect(segmentCount(body)).toBe(segments);
  });
});

describe('messageResource', () => {
  it("is Twilio's 2010-04-01 Message, with RFC 2822 dates and relative URIs", () => {
    expect(messageResource(message)).toEqual({
      sid: message.sid,
      account_sid: AC,
      api_version: '2010-04-01',
      from: '+15559990000',
      to: '+15551230001',
      body: 'Your code is 1234',
      status: 'queued',
      direction: 'outbound-api',
      messaging_service_sid: null,
      num_media: '1',
      num_segments: '1',
      price: null,
      price_unit: 'USD',
      error_code: null,
      error_message: null,
      uri: `/2010-04-01/Accounts/${AC}/Messages/${message.sid}.json`,
      subresource_uris: {
        media: `/2010-04-01/Accounts/${AC}/Messages/${message.sid}/Media.json`,
        feedback: `/2010-04-01/Accounts/${AC}/Messages/${message.sid}/Feedback.json`,
      },
      date_created: 'Thu, 02 Jan 2025 03:04:05 +0000',
      date_updated: 'Thu, 02 Jan 2025 03:04:05 +0000',
      date_sent: null,
    });
  });

  it('has a date_sent once sent, and an inbox entry shows the last status', () => {
    const delivered = { ...message, status: 'delivered' as const, dateUpdated: new Date('2025-01-02T03:04:06Z') };
    expect(messageResource(delivered).date_sent).toBe('Thu, 02 Jan 2025 03:04:06 +0000');
    expect(inboxEntry(delivered)).toEqual({
      sid: message.sid,
      from: '+15559990000',
      to: '+15551230001',
      body: 'Your code is 1234',
      media_urls: ['https://router.example.test/media/a.jpg'],
      status: 'delivered',
      date_created: '2025-01-02T03:04:05Z',
    });
  });
});

describe('status callbacks', () => {
  const url = `${PUBLIC_URL}/webhooks/twilio/status`;

  it("carry Twilio's fields, ErrorCode only for failed and undelivered", () => {
    expect(statusCallbackFields(message, 'delivered', null)).toEqual({
      MessageSid: message.sid,
      SmsSid: message.sid,
      MessageStatus: 'delivered',
      SmsStatus: 'delivered',
      AccountSid: AC,
      From: '+15559990000',
      To: '+15551230001',
      ApiVersion: '2010-04-01',
    });
    expect(statusCallbackFields(message, 'undelivered', 30003).ErrorCode).toBe('30003');
    expect(statusCallbackFields(message, 'failed', 30007).ErrorCode).toBe('30007');
    expect(statusCallbackFields(message, 'sent', 30003)).not.toHaveProperty('ErrorCode');
  });

  it('are signed so that twilio.validateRequest and the router accept them, and read back as the router reads them', () => {
    for (const [status, errorCode] of [
      ['sent', null],
      ['delivered', null],
      ['undelivered', 30005],
    ] as const) {
      const fields = statusCallbackFields(message, status, errorCode);
      const signature = twilioSignature(TOKEN, url, fields);
      expect(twilio.validateRequest(TOKEN, signature, url, fields)).toBe(true);
      expect(routerAccepts('/webhooks/twilio/status', fields, signature)).toBe(true);
      expect(parseTwilioStatusCallback(fields)).toEqual({ channelMessageSid: message.sid, status, errorCode });
    }
  });

  it('signs over the exact callback URL, query string included', () => {
    const withQuery = `${url}?tenant=acme`;
    const fields = statusCallbackFields(message, 'sent', null);
    const signature = twilioSignature(TOKEN, withQuery, fields);
    expect(twilio.validateRequest(TOKEN, signature, withQuery, fields)).toBe(true);
    expect(twilio.validateRequest(TOKEN, signature, url, fields)).toBe(false);
  });
});

describe('inbound webhooks (a phone texting the router)', () => {
  const text = {
    messageSid: `SM${'12'.repeat(16)}`,
    accountSid: AC,
    from: '+15551230001',
    to: '+15559990000',
    body: 'Hi ✓ & ünïcode',
    media: [],
  };

  it("carry Twilio's incoming-message fields", () => {
    expect(inboundWebhookFields(text)).toEqual({
      MessageSid: text.messageSid,
      SmsMessageSid: text.messageSid,
      SmsSid: text.messageSid,
      AccountSid: AC,
      From: '+15551230001',
      To: '+15559990000',
      Body: 'Hi ✓ & ünïcode',
      NumMedia: '0',
      NumSegments: '1',
      SmsStatus: 'received',
      ApiVersion: '2010-04-01',
    });
  });

  it('index media as MediaUrlN / MediaContentTypeN, and give WhatsApp senders a WaId', () => {
    const fields = inboundWebhookFields({
      ...text,
      from: 'whatsapp:+15551230001',
      to: 'whatsapp:+15559990000',
      media: [
        { url: 'https://cdn.example.test/a.jpg', contentType: 'image/jpeg' },
        { url: 'https://cdn.example.test/b.pdf', contentType: 'application/pdf' },
      ],
    });
    expect(fields).toMatchObject({
      NumMedia: '2',
      MediaUrl0: 'https://cdn.example.test/a.jpg',
      MediaContentType0: 'image/jpeg',
      MediaUrl1: 'https://cdn.example.test/b.pdf',
      MediaContentType1: 'application/pdf',
      WaId: '15551230001',
    });
    expect(fields).not.toHaveProperty('MediaUrl2');
  });

  it('are signed over PUBLIC_URL + /webhooks/twilio/messaging so that the router accepts them, and only with its token', () => {
    const url = `${PUBLIC_URL}/webhooks/twilio/messaging`;
    const fields = inboundWebhookFields({ ...text, media: [{ url: 'https://cdn.example.test/a.jpg', contentType: 'image/jpeg' }] });
    const signature = twilioSignature(TOKEN, url, fields);
    expect(twilio.validateRequest(TOKEN, signature, url, fields)).toBe(true);
    expect(routerAccepts('/webhooks/twilio/messaging', fields, signature)).toBe(true);
    expect(routerAccepts('/webhooks/twilio/messaging', fields, signature, 'another-token')).toBe(false);
    expect(routerAccepts('/webhooks/twilio/messaging', { ...fields, Body: 'tampered' }, signature)).toBe(false);
    expect(routerAccepts('/webhooks/twilio/status', fields, signature)).toBe(false);
  });
});

describe('mediaContentType', () => {
  it.each([
    ['https://cdn.example.test/a.JPG', 'image/jpeg'],
    ['https://cdn.example.test/a.png?sig=1', 'image/png'],
    ['https://cdn.example.test/clip.mp4', 'video/mp4'],
    ['https://cdn.example.test/doc.pdf', 'application/pdf'],
    ['https://cdn.example.test/blob', 'application/octet-stream'],
    ['not a url', 'application/octet-stream'],
  ])('%s is %s', (url, type) => {
    expect(mediaContentType(url)).toBe(type);
  });
});
