import Fastify, { type FastifyInstance } from 'fastify';
import { parseForm, registerFormBody } from './form-body';
import { TwilioError } from './twilio-error';

describe('parseForm', () => {
  it('keeps single keys as strings and turns repeated keys into arrays, in order', () => {
    const form = parseForm('Filters=onMessageAdded&FriendlyName=a&Filters=onConversationAdded&Filters=onParticipantAdded');
    expect(form).toEqual({ Filters: ['onMessageAdded', 'onConversationAdded', 'onParticipantAdded'], FriendlyName: 'a' });
  });

  it('decodes both %20 and + as a space, and %2B as a plus', () => {
    expect(parseForm('FriendlyName=Support%20%2342&Body=a+b&Address=%2B15551230001')).toEqual({
      FriendlyName: 'Support #42',
      Body: 'a b',
      Address: '+15551230001',
    });
  });

  it('decodes percent-encoded UTF-8 and keeps dot-path names', () => {
    const form = parseForm('Body=hello%20%C3%BCn%C3%AFcode%20%E2%9C%93%20%F0%9F%98%80&MessagingBinding.Address=%2B1555');
    expect(form).toEqual({ Body: 'hello ünïcode ✓ 😀', 'MessagingBinding.Address': '+1555' });
  });

  it('keeps empty values and keys without "="', () => {
    expect(parseForm('UniqueName=&State')).toEqual({ UniqueName: '', State: '' });
  });

  it('returns an object without a prototype, so names like __proto__ stay plain data', () => {
    const form = parseForm('__proto__=x&constructor=y');
    expect(Object.getPrototypeOf(form)).toBeNull();
    expect(form.__proto__).toBe('x');
    expect(form.constructor).toBe('y');
  });
});

describe('registerFormBody (application/x-www-form-urlencoded)', () => {
  let fastify: FastifyInstance;

  beforeAll(async () => {
    fastify = Fastify();
    fastify.removeAllContentTypeParsers();
    registerFormBody(fastify, 1024);
    fastify.setErrorHandler((err, _req, reply) => {
      if (err instanceof TwilioError) return reply.status(err.status).send(err.toJSON());
      const e = err as { statusCode?: number; code?: string };
      return reply.status(e.statusCode ?? 500).send({ fastify: e.code });
    });
    fastify.post('/echo', async (req) => ({ body: req.body }));
    await fastify.ready();
  });

  afterAll(() => fastify.close());

  const post = (payload: string | Buffer) =>
    fastify.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload });

  it('parses a body the twilio client sends (repeated keys, %20, UTF-8)', async () => {
    const res = await post('FriendlyName=Support%20%2342&Attributes=%7B%22k%22%3A%22%C3%BC%22%7D&Filters=a&Filters=b');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ body: { FriendlyName: 'Support #42', Attributes: '{"k":"ü"}', Filters: ['a', 'b'] } });
  });

  it('accepts raw (not percent-encoded) UTF-8 bytes', async () => {
    const res = await post(Buffer.from('Body=ünïcode ✓', 'utf8'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ body: { Body: 'ünïcode ✓' } });
  });

  it('accepts a U+FFFD the sender really wrote', async () => {
    const res = await post('Body=%EF%BF%BD');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ body: { Body: '\uFFFD' } });
  });

  it.each([
    ['a percent-encoded byte that is not UTF-8', 'Body=%FF'],
    ['a truncated multi-byte sequence', 'Body=%C3'],
    ['an overlong encoding', 'Body=%C0%AF'],
    ['a broken name', 'Na%FEme=x'],
  ])('rejects %s with 400 / 20001', async (_what, payload) => {
    const res = await post(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 20001, status: 400, message: expect.stringContaining('UTF-8') });
  });

  it('rejects raw bytes that are not UTF-8 with 400 / 20001', async () => {
    const res = await post(Buffer.from([0x42, 0x6f, 0x64, 0x79, 0x3d, 0xff, 0xfe]));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 20001, status: 400 });
  });

  it('rejects a broken byte even when the body also carries a real U+FFFD', async () => {
    const res = await post('A=%EF%BF%BD&B=%FF');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 20001 });
  });

  it('enforces the body limit', async () => {
    const res = await post(`Body=${'x'.repeat(2000)}`);
    expect(res.statusCode).toBe(413);
  });
});
