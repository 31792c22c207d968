import { encodeForm } from './carrier-form';

describe('encodeForm', () => {
  it('repeats array fields and encodes UTF-8, as the twilio package does', () => {
    const body = encodeForm({ To: '+15550001111', Body: 'héllo & 👋', MediaUrl: ['https://a.example/1', 'https://a.example/2'] });
    const parsed = new URLSearchParams(body);
    expect(parsed.get('To')).toBe('+15550001111');
    expect(parsed.get('Body')).toBe('héllo & 👋');
    expect(parsed.getAll('MediaUrl')).toEqual(['https://a.example/1', 'https://a.example/2']);
  });

  it('writes numbers and booleans as text and leaves out absent fields', () => {
    expect(encodeForm({ ValidityPeriod: 60, SendAsMms: true, Body: undefined, From: null })).toBe('ValidityPeriod=60&SendAsMms=true');
  });

  it('refuses nested objects rather than sending "[object Object]"', () => {
    expect(() => encodeForm({ Persistent: { a: 1 } })).toThrow(/Persistent is an object/);
  });
});
