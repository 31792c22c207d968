import type { CarrierMessage } from '../channels/channel-adapter';
import { adoptableSend } from './earlier-send';

const outbound = { from: '+15550000001', to: '+15550000002', body: 'hello', mediaUrls: [] };
const listed = (over: Partial<CarrierMessage>): CarrierMessage => ({
  sid: 'SM' + '1'.repeat(32),
  from: outbound.from,
  to: outbound.to,
  body: 'hello',
  numMedia: 0,
  direction: 'outbound-api',
  dateCreated: new Date('2026-12-04T10:00:00Z'),
  ...over,
});

describe('adoptableSend', () => {
  it('adopts the message with the same sender, recipient, body and media count', () => {
    const m = listed({});
    expect(adoptableSend([m], outbound, new Set())).toBe(m);
  });

  it('never adopts a message another receipt holds, nor one that differs', () => {
    const claimed = listed({ sid: 'SM' + 'a'.repeat(32) });
    const others = [
      listed({ sid: 'SM' + 'b'.repeat(32), body: 'hello!' }),
      listed({ sid: 'SM' + 'c'.repeat(32), numMedia: 1 }),
      listed({ sid: 'SM' + 'd'.repeat(32), direction: 'inbound' }),
      listed({ sid: 'SM' + 'e'.repeat(32), to: '+15550000003' }),
      listed({ sid: 'SM' + 'f'.repeat(32), from: '+15550000004' }),
    ];
    expect(adoptableSend([claimed, ...others], outbound, new Set([claimed.sid]))).toBeNull();
  });

  it('takes the oldest of several matches (Twilio lists newest first)', () => {
    const newer = listed({ sid: 'SM' + '2'.repeat(32), dateCreated: new Date('2026-12-04T10:00:05Z') });
    const older = listed({ sid: 'SM' + '3'.repeat(32), dateCreated: new Date('2026-12-04T10:00:01Z') });
    expect(adoptableSend([newer, older], outbound, new Set())).toBe(older);
  });

  it('matches a media-only message (no body) by an empty body', () => {
    const m = listed({ body: '', numMedia: 2, sid: 'MM' + '4'.repeat(32) });
    expect(adoptableSend([m], { ...outbound, body: null, mediaUrls: ['https://a/1', 'https://a/2'] }, new Set())).toBe(m);
  });
});
