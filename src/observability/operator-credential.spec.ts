import { checkOperator } from './operator-credential';

const TOKEN = 'operator-token-0123456789';
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('checkOperator', () => {
  it('accepts the token as a Bearer token, whatever the scheme case', () => {
    expect(checkOperator(`Bearer ${TOKEN}`, TOKEN)).toBe('ok');
    expect(checkOperator(`bearer ${TOKEN}`, TOKEN)).toBe('ok');
  });

  it('accepts Basic with the token as password and any user name', () => {
    expect(checkOperator(basic('prometheus', TOKEN), TOKEN)).toBe('ok');
    expect(checkOperator(basic('', TOKEN), TOKEN)).toBe('ok');
  });

  it('refuses another token, a token that only starts alike, and the token given as user name', () => {
    expect(checkOperator('Bearer wrong-token-0123456789', TOKEN)).toBe('wrong');
    expect(checkOperator(`Bearer ${TOKEN}x`, TOKEN)).toBe('wrong');
    expect(checkOperator(`Bearer ${TOKEN.slice(0, -1)}`, TOKEN)).toBe('wrong');
    expect(checkOperator(basic(TOKEN, ''), TOKEN)).toBe('wrong');
  });

  it('says missing when there is no usable credential', () => {
    expect(checkOperator(undefined, TOKEN)).toBe('missing');
    expect(checkOperator('', TOKEN)).toBe('missing');
    expect(checkOperator(`Token ${TOKEN}`, TOKEN)).toBe('missing');
    expect(checkOperator(`Basic ${Buffer.from('no-colon').toString('base64')}`, TOKEN)).toBe('missing');
  });
});
