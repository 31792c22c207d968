import { TwilioError } from '../common/twilio-error';
import { readSendRequest } from './send-request';

function refusal(form: Record<string, string | string[]>): { code: number; status: number } {
  try {
    readSendRequest(form);
  } catch (err) {
    if (err instanceof TwilioError) return { code: err.code, status: err.status };
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('readSendRequest (the simulator Messages API checks a send as Twilio does)', () => {
  it('reads To, From, Body, repeated MediaUrl and StatusCallback, normalising addresses', () => {
    expect(
      readSendRequest({
        To: ' +15551230001 ',
        From: '+15559990000',
        Body: 'hi ✓',
        MediaUrl: ['https://example.test/a.jpg', 'https://example.test/b.png'],
        StatusCallback: 'https://router.test/webhooks/twilio/status',
        MessagingServiceSid: 'MG' + '0'.repeat(32),
        ValidityPeriod: '600',
      }),
    ).toEqual({
      to: '+15551230001',
      from: '+15559990000',
      body: 'hi ✓',
      mediaUrls: ['https://example.test/a.jpg', 'https://example.test/b.png'],
      statusCallback: 'https://router.test/webhooks/twilio/status',
    });
  });

  it('accepts WhatsApp pairs (any case of the prefix), short-code senders, media without a body, and no StatusCallback', () => {
    expect(readSendRequest({ To: 'WhatsApp:+15551230001', From: 'whatsapp:+15559990000', Body: 'hello' })).toMatchObject({
      to: 'whatsapp:+15551230001',
      from: 'whatsapp:+15559990000',
      statusCallback: null,
    });
    expect(readSendRequest({ To: '+15551230001', From: '12345', Body: 'code' }).from).toBe('12345');
    expect(readSendRequest({ To: '+15551230001', From: '+15559990000', MediaUrl: 'https://example.test/a.jpg' })).toMatchObject({
      body: '',
      mediaUrls: ['https://example.test/a.jpg'],
    });
  });

  it.each([
    [{ From: '+15559990000', Body: 'x' }, 21604],
    [{ To: '', From: '+15559990000', Body: 'x' }, 21604],
    [{ To: '5551230001', From: '+15559990000', Body: 'x' }, 21211],
    [{ To: 'whatsapp:15551230001', From: 'whatsapp:+15559990000', Body: 'x' }, 21211],
    [{ To: '12345', From: '+15559990000', Body: 'x' }, 21211],
    [{ To: '+15551230001', Body: 'x' }, 21603],
    [{ To: '+15551230001', From: 'not a number', Body: 'x' }, 21212],
    [{ To: 'whatsapp:+15551230001', From: '+15559990000', Body: 'x' }, 21910],
    [{ To: '+15551230001', From: '+15559990000' }, 21602],
    [{ To: '+15551230001', From: '+15559990000', Body: '' }, 21602],
    [{ To: '+15551230001', From: '+15559990000', Body: 'x'.repeat(1601) }, 21617],
    [{ To: '+15551230001', From: '+15559990000', MediaUrl: Array.from({ length: 11 }, (_, i) => `https://example.test/${i}.jpg`) }, 21623],
    [{ To: '+15551230001', From: '+15559990000', MediaUrl: 'ftp://example.test/a.jpg' }, 21620],
    [{ To: '+15551230001', From: '+15559990000', Body: 'x', StatusCallback: 'not a url' }, 21609],
  ])('%j is refused with %i (HTTP 400)', (form, code) => {
    expect(refusal(form)).toEqual({ code, status: 400 });
  });

  it('counts the 1600 limit in characters, not UTF-16 units', () => {
    expect(readSendRequest({ To: '+15551230001', From: '+15559990000', Body: '😀'.repeat(1600) }).body).toHaveLength(3200);
    expect(refusal({ To: '+15551230001', From: '+15559990000', Body: '😀'.repeat(1601) }).code).toBe(21617);
  });

  it('allows exactly 10 media URLs', () => {
    const mediaUrls = Array.from({ length: 10 }, (_, i) => `https://example.test/${i}.jpg`);
    expect(readSendRequest({ To: '+15551230001', From: '+15559990000', MediaUrl: mediaUrls }).mediaUrls).toEqual(mediaUrls);
  });
});
