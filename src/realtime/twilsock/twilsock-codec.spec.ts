import fs from 'node:fs';
import path from 'node:path';
import { Parser as SdkParser } from 'twilsock/dist/parser.js';
import { decodePayload, parseFrame, serializeFrame, type FrameProblem, TwilsockFrameError } from './twilsock-codec';

/** Frames recorded from the real SDK and the router (test/realtime-frames.e2e-spec.ts writes them). */
const FIXTURES = path.join(__dirname, '../../../test/fixtures/twilsock');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, `${name}.txt`));
const fixtureNames = fs
  .readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => f.slice(0, -4));
const limits = { maxHeaderBytes: 16 * 1024 };

function problemOf(data: Buffer): FrameProblem {
  try {
    parseFrame(data, limits);
  } catch (err) {
    if (err instanceof TwilsockFrameError) return err.problem;
    throw err;
  }
  throw new Error('the frame was accepted');
}

/** A frame with the given raw header text and payload, its preamble announcing `announced` header bytes. */
const rawFrame = (header: string, payload = '', announced = Buffer.byteLength(header)) =>
  Buffer.from(`TWILSOCK V3.0 ${announced}\r\n${header}\r\n${payload}`);

describe('Twilsock v3 codec', () => {
  it('has the recorded frames of both directions', () => {
    expect(fixtureNames.filter((n) => n.startsWith('c2s-')).length).toBeGreaterThanOrEqual(7);
    expect(fixtureNames.filter((n) => n.startsWith('s2c-')).length).toBeGreaterThanOrEqual(7);
  });

  describe.each(fixtureNames)('recorded frame %s', (name) => {
    it('parses as the SDK parses it', () => {
      const data = fixture(name);
      const frame = parseFrame(data, limits);
      const sdk = SdkParser.parse(new Uint8Array(data))!;
      expect(frame.header).toEqual(sdk.header);
      expect(decodePayload(frame)).toEqual(sdk.payload);
    });

    it('serializes back to the same bytes', () => {
      const data = fixture(name);
      const { header, payload } = parseFrame(data, limits);
      const { payload_size: _size, ...rest } = header;
      expect(serializeFrame(rest, payload).equals(data)).toBe(true);
    });
  });

  it('reads what the SDK sends: an init with its registrations, an upstream POST with a multi-byte UTF-8 body', () => {
    const init = parseFrame(fixture('c2s-init'), limits);
    expect(init.header).toMatchObject({ method: 'init', capabilities: ['client_update', 'offline_storage', 'telemetry.v1'] });
    expect(init.header.registrations).toEqual([expect.objectContaining({ product: 'ip_messaging', type: 'ers' })]);

    const post = parseFrame(fixture('c2s-message-post'), limits);
    expect(post.header).toMatchObject({ method: 'message', http_request: { method: 'POST', path: '/e2e/Echo' } });
    expect(post.payload.length).toBe(post.header.payload_size);
    expect(post.payload.length).toBeGreaterThan('{"body":"Grüße, 世界 ☃"}'.length); // bytes, not characters
    expect(decodePayload(post)).toEqual({ body: 'Grüße, 世界 ☃' });
  });

  it('writes frames the SDK reads: lengths in bytes, JSON payloads, text payloads, no payload', () => {
    const json = serializeFrame(
      { method: 'notification', id: 'TM1', message_type: 'x', payload_type: 'application/json' },
      { text: 'Zoë ☃' },
    );
    expect(SdkParser.parse(new Uint8Array(json))).toEqual({
      method: 'notification',
      header: { method: 'notification', id: 'TM1', message_type: 'x', payload_type: 'application/json', payload_size: 19 },
      payload: { text: 'Zoë ☃' },
    });
    const text = serializeFrame({ method: 'reply', id: 'TM2', payload_type: 'text/plain', note: 'é' }, 'naïve');
    expect(SdkParser.parse(new Uint8Array(text))).toMatchObject({ header: { note: 'é', payload_size: 6 }, payload: 'naïve' });
    const empty = serializeFrame({ method: 'close', id: 'TM3', status: { code: 410 } });
    expect(SdkParser.parse(new Uint8Array(empty))).toMatchObject({ header: { payload_size: 0 }, payload: undefined });
    expect(parseFrame(empty, limits).payload.length).toBe(0);
  });

  it('accepts a header without the CRLF that usually follows it when nothing follows', () => {
    const header = '{"id":"TM1","method":"close","payload_size":0}';
    expect(parseFrame(Buffer.from(`TWILSOCK V3.0 ${header.length}\r\n${header}`), limits).header.method).toBe('close');
  });

  describe('refuses malformed frames with a stable problem', () => {
    const ok = '{"id":"TM1","method":"telemetry.v1","payload_size":0}';
    const accented = '{"id":"TM1","method":"x","n":"é"}';

    it.each<[string, Buffer, FrameProblem]>([
      ['an empty message', Buffer.alloc(0), 'bad-preamble'],
      ['another protocol', Buffer.from(`HELLO V3.0 ${ok.length}\r\n${ok}\r\n`), 'bad-preamble'],
      ['no CRLF after the preamble', Buffer.from(`TWILSOCK V3.0 ${ok.length} ${ok}`), 'bad-preamble'],
      ['a preamble without length', Buffer.from(`TWILSOCK V3.0\r\n${ok}\r\n`), 'bad-preamble'],
      ['a negative length', Buffer.from(`TWILSOCK V3.0 -5\r\n${ok}\r\n`), 'bad-preamble'],
      ['a length with a leading zero', Buffer.from(`TWILSOCK V3.0 0${ok.length}\r\n${ok}\r\n`), 'bad-preamble'],
      ['an absurd length', Buffer.from(`TWILSOCK V3.0 99999999999\r\n${ok}\r\n`), 'bad-preamble'],
      ['Twilsock v2', Buffer.from(`TWILSOCK V2.0 ${ok.length}\r\n${ok}\r\n`), 'unsupported-version'],
      ['a header over the limit', rawFrame(`{"id":"TM1","method":"x","pad":"${'a'.repeat(17_000)}"}`), 'header-too-large'],
      ['a header length longer than the frame', rawFrame(ok, '', ok.length + 10), 'header-length-mismatch'],
      ['a header length one byte short', rawFrame(ok, '', ok.length - 1), 'header-length-mismatch'],
      ['a header length one byte long', rawFrame(ok, '', ok.length + 1), 'header-length-mismatch'],
      ['a header length in characters, not bytes', rawFrame(accented, '', accented.length), 'header-length-mismatch'],
      ['a header that is not JSON', rawFrame('{"id":"TM1","method":'), 'header-not-json'],
      [
        'a header that is not UTF-8',
        Buffer.concat([Buffer.from('TWILSOCK V3.0 4\r\n"'), Buffer.from([0xc3, 0x28]), Buffer.from('"\r\n')]),
        'header-not-json',
      ],
      ['a header that is an array', rawFrame('["init"]'), 'header-not-object'],
      ['a header that is null', rawFrame('null'), 'header-not-object'],
      ['a header without id', rawFrame('{"method":"init","payload_size":0}'), 'missing-id-or-method'],
      ['a header whose method is not a string', rawFrame('{"id":"TM1","method":7}'), 'missing-id-or-method'],
      ['a payload_size that is a string', rawFrame('{"id":"TM1","method":"x","payload_size":"3"}', 'abc'), 'bad-payload-size'],
      ['a negative payload_size', rawFrame('{"id":"TM1","method":"x","payload_size":-1}'), 'bad-payload-size'],
      ['a fractional payload_size', rawFrame('{"id":"TM1","method":"x","payload_size":1.5}', 'a'), 'bad-payload-size'],
      ['a payload_size larger than the payload', rawFrame('{"id":"TM1","method":"x","payload_size":10}', 'abc'), 'payload-length-mismatch'],
      ['a payload_size smaller than the payload', rawFrame('{"id":"TM1","method":"x","payload_size":2}', 'abc'), 'payload-length-mismatch'],
      ['a payload without payload_size', rawFrame('{"id":"TM1","method":"x"}', 'abc'), 'payload-length-mismatch'],
    ])('%s', (_name, data, problem) => {
      expect(problemOf(data)).toBe(problem);
    });

    it('a recorded frame whose header length was altered', () => {
      const data = fixture('c2s-message-get').toString('latin1');
      const altered = data.replace(/^TWILSOCK V3\.0 (\d+)/, (_m, n: string) => `TWILSOCK V3.0 ${Number(n) - 2}`);
      expect(problemOf(Buffer.from(altered, 'latin1'))).toBe('header-length-mismatch');
    });

    it('a recorded frame cut short in its payload', () => {
      const data = fixture('c2s-message-post');
      expect(problemOf(data.subarray(0, data.length - 3))).toBe('payload-length-mismatch');
    });
  });

  it('decodes payloads as the SDK does: JSON by default, text for text/*, refuses JSON that does not parse', () => {
    const frame = (payload_type: string | undefined, payload: string) =>
      parseFrame(serializeFrame({ id: 'TM1', method: 'x', ...(payload_type ? { payload_type } : {}) }, payload), limits);
    expect(decodePayload(frame(undefined, '{"a":1}'))).toEqual({ a: 1 });
    expect(decodePayload(frame('application/json; charset=utf-8', '[1]'))).toEqual([1]);
    expect(decodePayload(frame('text/plain', 'héllo'))).toBe('héllo');
    expect(decodePayload(frame('application/json', ''))).toBeUndefined();
    expect(() => decodePayload(frame('application/json', '{"a":'))).toThrow(SyntaxError);
  });
});
