import { messageInsertSql } from './message-insert.sql';
import type { NewMessage } from './messages.types';

const message: NewMessage = {
  author: '+15550001111',
  body: 'hello',
  attributes: '{}',
  media: [{ sid: 'ME' + 'a'.repeat(32), size: 3, content_type: 'image/png', filename: 'a.png' }],
  contentSid: null,
  subject: null,
  source: 'SMS',
  dateCreated: new Date('2026-01-02T03:04:05Z'),
  dateUpdated: null,
  externalSid: 'SM' + 'b'.repeat(32),
};
const ctx = { source: 'SMS' as const, webhooks: true };
const account = 'AC' + 'c'.repeat(32);
const service = 'IS' + 'd'.repeat(32);

describe('messageInsertSql', () => {
  it('one statement per target shape: binding, conversation by SID, conversation by unique name', () => {
    const binding = messageInsertSql({ kind: 'binding', address: '+15550001111', proxyAddress: '+15550002222' }, message, 'IM1', ctx);
    const bySid = messageInsertSql(
      { kind: 'conversation', accountSid: account, serviceSid: service, conversationId: 'CH' + 'E'.repeat(32) },
      message,
      'IM2',
      ctx,
    );
    const byName = messageInsertSql(
      { kind: 'conversation', accountSid: account, serviceSid: service, conversationId: 'support-42' },
      message,
      'IM3',
      ctx,
    );
    expect(new Set([binding.name, bySid.name, byName.name]).size).toBe(3);
    expect(binding.text).toContain('b.address = $1');
    expect(binding.text).toContain('pa.address = $2');
    // Only the owner of the proxy address is looked in, without a second statement.
    expect(binding.text).toMatch(/FROM proxy_addresses pa\s+JOIN messaging_bindings b ON b.account_sid = pa.account_sid/);
    expect(binding.text).not.toContain('ORDER BY c.date_created');
    expect(bySid.text).toContain('c.sid = $3');
    expect(byName.text).toContain('c.unique_name = $3');
    expect(binding.values.slice(0, 2)).toEqual(['+15550001111', '+15550002222']);
    expect(bySid.values.slice(0, 3)).toEqual([account, service, 'CH' + 'e'.repeat(32)]); // SIDs compare in lower case
    expect(byName.values.slice(0, 3)).toEqual([account, service, 'support-42']);
  });

  it('reads back the whole message for the REST API, only where it went for a carrier message', () => {
    const returned = (text: string) => text.slice(text.lastIndexOf('SELECT t.sid AS found_sid'));
    const binding = returned(
      messageInsertSql({ kind: 'binding', address: '+15550001111', proxyAddress: '+15550002222' }, message, 'IM1', ctx).text,
    );
    const bySid = returned(
      messageInsertSql(
        { kind: 'conversation', accountSid: account, serviceSid: service, conversationId: 'CH' + 'E'.repeat(32) },
        message,
        'IM2',
        ctx,
      ).text,
    );
    expect(binding).toContain('m.sid, m.conversation_sid,');
    expect(binding).not.toMatch(/m\.(body|author|date_created|media)/);
    for (const column of [
      'm.sid',
      'm.conversation_sid',
      'm.index',
      'm.author',
      'm.body',
      'm.attributes',
      'm.media',
      'm.date_created',
      'm.date_updated',
    ]) {
      expect(bySid).toContain(column);
    }
  });

  it("binds each run's own values into the same text", () => {
    const target = { kind: 'binding' as const, address: '+15550001111', proxyAddress: '+15550002222' };
    const first = messageInsertSql(target, message, 'IM1', ctx);
    const second = messageInsertSql(target, { ...message, body: 'again', media: null, externalSid: null }, 'IM2', {
      ...ctx,
      webhooks: false,
    });
    expect(second.text).toBe(first.text);
    expect(first.values).toEqual(
      expect.arrayContaining(['IM1', 'hello', JSON.stringify(message.media), message.externalSid, message.dateCreated, true]),
    );
    expect(second.values).toEqual(expect.arrayContaining(['IM2', 'again', false]));
    expect(second.values).not.toContain('hello');
    expect(second.values).not.toContain(JSON.stringify(message.media));
    expect(second.values.length).toBe(first.values.length);
  });
});
