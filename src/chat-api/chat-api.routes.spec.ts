import { TwilioError } from '../common/twilio-error';
import { RouteTable } from './chat-api.routes';

describe('RouteTable', () => {
  const table = new RouteTable<string>([
    ['GET', '/Configuration', 'configuration'],
    ['POST', '/Services/:service/Typing', 'typing'],
    ['GET', '/Services/:service/Conversations/:conversation', 'fetch'],
    ['POST', '/Services/:service/Conversations/:conversation', 'update'],
    ['GET', '/Services/:service/Users/:user/Conversations/:conversation', 'mine'],
  ]);
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (err) {
      return err instanceof TwilioError ? [err.status, err.code] : err;
    }
    return 'matched';
  };

  it('matches method and template, with percent-decoded parameters', () => {
    expect(table.match('GET', '/Configuration', '/Client/v2/Configuration')).toEqual({ handler: 'configuration', params: {} });
    expect(table.match('POST', '/Services/IS1/Conversations/CH1', 'x')).toEqual({
      handler: 'update',
      params: { service: 'IS1', conversation: 'CH1' },
    });
    expect(table.match('GET', '/Services/IS1/Users/J%C3%B6rg%20M%2FB/Conversations/room%201', 'x').params).toEqual({
      service: 'IS1',
      user: 'Jörg M/B',
      conversation: 'room 1',
    });
  });

  it('answers 404 for an unknown path, 405 for another method, 400 for bad encoding or NUL', () => {
    expect(code(() => table.match('GET', '/Services/IS1/Conversations', 'x'))).toEqual([404, 20404]);
    expect(code(() => table.match('GET', '/Configuration/', 'x'))).toEqual([404, 20404]);
    expect(code(() => table.match('DELETE', '/Services/IS1/Conversations/CH1', 'x'))).toEqual([405, 20004]);
    expect(code(() => table.match('GET', '/Services/IS1/Conversations/%E0%A4%A', 'x'))).toEqual([400, 20001]);
    expect(code(() => table.match('GET', '/Services/IS1/Conversations/a%00b', 'x'))).toEqual([400, 20001]);
  });

  it('treats template text literally', () => {
    const dotted = new RouteTable<string>([['GET', '/a.b', 'dotted']]);
    expect(code(() => dotted.match('GET', '/aXb', 'x'))).toEqual([404, 20404]);
    expect(dotted.match('GET', '/a.b', 'x').handler).toBe('dotted');
  });
});
