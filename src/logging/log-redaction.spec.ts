import { maskPhoneNumbers } from './log-redaction';

describe('maskPhoneNumbers', () => {
  it.each([
    ['+15551234567', '+1555***4567'],
    ['%2B15551234567', '%2B1555***4567'],
    ['%2b15551234567', '%2b1555***4567'],
    ['whatsapp:+447700900123', 'whatsapp:+4477***0123'],
    ['/v1/Conversations/CHx/Participants/+15551234567', '/v1/Conversations/CHx/Participants/+1555***4567'],
    ['/v1/Configuration/Addresses/whatsapp%3A%2B15551234567', '/v1/Configuration/Addresses/whatsapp%3A%2B1555***4567'],
    ['+15551234567 and +15557654321', '+1555***4567 and +1555***4321'],
    ['+123456789', '+1234***6789'],
  ])('masks %s', (text, masked) => {
    const out = maskPhoneNumbers(text);
    expect(out).toBe(masked);
  });

  it('never leaves the middle digits of a number in the output', () => {
    expect(maskPhoneNumbers('/x/+15551234567/y')).not.toContain('5551234');
  });

  it.each(['/v1/Conversations', '/v1/Services/IS0123456789abcdef0123456789abcdef', '+12345678', 'support-42', '12345678901'])(
    'leaves %s alone',
    (text) => {
      expect(maskPhoneNumbers(text)).toBe(text);
    },
  );
});
