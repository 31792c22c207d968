import type { SimulatedMessage } from './carrier-wire';
import { messagePage, readMessageListQuery } from './message-list';

const AC = 'AC' + '0'.repeat(32);
const message = (n: number, over: Partial<SimulatedMessage> = {}): SimulatedMessage => ({
  sid: `SM${String(n).padStart(32, '0')}`,
  accountSid: AC,
  from: '+15550000001',
  to: '+15550000002',
  body: `m${n}`,
  mediaUrls: [],
  status: 'queued',
  errorCode: null,
  numSegments: 1,
  dateCreated: new Date(Date.UTC(2026, 11, 4, 10, 0, n)),
  dateUpdated: new Date(Date.UTC(2026, 11, 4, 10, 0, n)),
  ...over,
});

describe('the simulator Message list', () => {
  it('reads the DateSent>= of the official client (whole seconds) and a GMT day', () => {
    const q = readMessageListQuery({ To: '+15550000002', From: '+15550000001', 'DateSent>': '2026-12-04T10:00:03Z', PageSize: '2' });
    expect(q).toMatchObject({ from: '+15550000001', sentFrom: Date.UTC(2026, 11, 4, 10, 0, 3), sentTo: null, pageSize: 2, page: 0 });
    const day = readMessageListQuery({ To: '+1', DateSent: '2026-12-04' });
    expect([day.sentFrom, day.sentTo]).toEqual([Date.UTC(2026, 11, 4), Date.UTC(2026, 11, 5) - 1]);
  });

  it('refuses what Twilio refuses, with 20001', () => {
    for (const bad of [{}, { To: '+1', 'DateSent>': 'yesterday' }, { To: '+1', PageSize: '0' }, { To: '+1', Page: '-1' }])
      expect(() => readMessageListQuery(bad)).toThrow(expect.objectContaining({ code: 20001 }) as Error);
  });

  it('answers newest first, filtered, in pages linked by next_page_uri', () => {
    const all = [1, 2, 3, 4, 5]
      .map((n) => message(n))
      .concat(message(6, { from: '+15550000009' }), message(7, { accountSid: 'AC' + '1'.repeat(32) }));
    const q = readMessageListQuery({ To: '+15550000002', From: '+15550000001', 'DateSent>': '2026-12-04T10:00:02Z', PageSize: '2' });
    const first = messagePage(AC, all, q);
    expect(first.messages.map((m) => m.body)).toEqual(['m5', 'm4']);
    expect(first.next_page_uri).toContain('Page=1');
    expect(new URLSearchParams(first.next_page_uri!.split('?')[1]).get('DateSent>')).toBe('2026-12-04T10:00:02Z');
    const second = messagePage(AC, all, { ...q, page: 1 });
    expect(second.messages.map((m) => m.body)).toEqual(['m3', 'm2']);
    expect(second.next_page_uri).toBeNull();
    expect(second.previous_page_uri).toContain('Page=0');
  });
});
