import {
  type ArgumentsHost,
  BadRequestException,
  ForbiddenException,
  HttpException,
  InternalServerErrorException,
  Logger,
  MethodNotAllowedException,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Errors } from './errors';
import { toTwilioError, TwilioExceptionFilter } from './twilio-exception.filter';
import { TwilioError } from './twilio-error';

const request = (overrides: Partial<Pick<FastifyRequest, 'url' | 'method' | 'id' | 'headers'>> = {}): FastifyRequest =>
  ({ url: '/v1/Conversations/CHx?PageSize=2', method: 'GET', id: 'req-123', headers: {}, ...overrides }) as FastifyRequest;

describe('toTwilioError', () => {
  let logger: Logger;
  let logged: jest.SpyInstance;

  beforeEach(() => {
    logger = new Logger('test');
    logged = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
  });

  it('passes a TwilioError through unchanged and logs nothing', () => {
    const error = Errors.uniqueNameExists('support');
    expect(toTwilioError(error, request(), logger)).toBe(error);
    expect(logged).not.toHaveBeenCalled();
  });

  it('maps a Nest 404 (unknown route) to 20404 naming the path without its query', () => {
    const error = toTwilioError(new NotFoundException('Cannot GET /v1/Nope'), request({ url: '/v1/Nope?x=1' }), logger);
    expect(error.toJSON()).toEqual({
      code: 20404,
      message: 'The requested resource /v1/Nope was not found',
      more_info: 'https://www.twilio.com/docs/errors/20404',
      status: 404,
    });
  });

  it('maps 405 to 20004 and other Nest 4xx to 20001 (401 to 20003) with their status', () => {
    expect(toTwilioError(new MethodNotAllowedException(), request({ method: 'PUT', url: '/v1/Services' }), logger)).toMatchObject({
      code: 20004,
      status: 405,
      message: 'Method PUT is not allowed on /v1/Services',
    });
    expect(toTwilioError(new BadRequestException('bad thing'), request(), logger)).toMatchObject({
      code: 20001,
      status: 400,
      message: 'bad thing',
    });
    expect(toTwilioError(new ForbiddenException(), request(), logger)).toMatchObject({ code: 20001, status: 403 });
    expect(toTwilioError(new UnauthorizedException(), request(), logger)).toMatchObject({ code: 20003, status: 401 });
    expect(toTwilioError(new HttpException('slow down', 429), request(), logger)).toMatchObject({ code: 20001, status: 429 });
    expect(logged).not.toHaveBeenCalled();
  });

  it('maps Fastify body errors to 4xx Twilio errors', () => {
    const fst = (code: string, statusCode: number, message = 'x') => Object.assign(new Error(message), { code, statusCode });
    expect(toTwilioError(fst('FST_ERR_CTP_BODY_TOO_LARGE', 413), request(), logger)).toMatchObject({
      code: 20001,
      status: 413,
      message: 'Request body is too large',
    });
    const media = toTwilioError(fst('FST_ERR_CTP_INVALID_MEDIA_TYPE', 415), request({ headers: { 'content-type': 'text/csv' } }), logger);
    expect(media).toMatchObject({ code: 20001, status: 415 });
    expect(media.message).toContain('text/csv');
    expect(toTwilioError(fst('FST_ERR_CTP_EMPTY_JSON_BODY', 400, 'Body cannot be empty'), request(), logger)).toMatchObject({
      code: 20001,
      status: 400,
      message: 'Body cannot be empty',
    });
    expect(logged).not.toHaveBeenCalled();
  });

  it('maps a NUL character refused by PostgreSQL (SQLSTATE 22021) to 400 / 20001, without logging', () => {
    const fromPrisma = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
      code: 'P2010',
      meta: { driverAdapterError: { cause: { originalCode: '22021', kind: 'postgres' } } },
    });
    expect(toTwilioError(fromPrisma, request(), logger)).toMatchObject({
      code: 20001,
      status: 400,
      message: expect.stringContaining('NUL'),
    });
    expect(logged).not.toHaveBeenCalled();
  });

  it("maps the same refusal straight from pg (the hot paths' statements), in text (22021) and in jsonb (22P05)", () => {
    for (const code of ['22021', '22P05']) {
      const fromPg = Object.assign(new Error('unsupported Unicode escape sequence'), { code, severity: 'ERROR' });
      expect(toTwilioError(fromPg, request(), logger)).toMatchObject({ code: 20001, status: 400 });
    }
    expect(logged).not.toHaveBeenCalled();
    // Other SQLSTATEs remain server errors.
    expect(toTwilioError(Object.assign(new Error('deadlock detected'), { code: '40P01' }), request(), logger).status).toBe(500);
  });

  it('treats a client that closed its connection mid-body (a dropped upload) as an ordinary event: 400, no error logged', () => {
    const aborted = Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    const gone = { ...request({ method: 'POST' }), raw: { socket: { destroyed: true } } } as unknown as FastifyRequest;
    const info = jest.spyOn(logger, 'log').mockImplementation(() => undefined);
    expect(toTwilioError(aborted, gone, logger)).toMatchObject({ code: 20001, status: 400 });
    expect(info).toHaveBeenCalledWith(
      expect.objectContaining({ reqId: 'req-123' }),
      expect.stringContaining('client closed the connection'),
    );
    expect(logged).not.toHaveBeenCalled();
    // The same error while the client is still connected (a reset upstream) stays a server error.
    const here = { ...request(), raw: { socket: { destroyed: false } } } as unknown as FastifyRequest;
    expect(toTwilioError(aborted, here, logger).status).toBe(500);
  });

  it.each([
    ['a plain Error', new Error('connection reset by peer')],
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'sid')")],
    ['a string', 'boom'],
    ['undefined', undefined],
    ['a Nest 500', new InternalServerErrorException('db down')],
    ['a Fastify 5xx', Object.assign(new Error('x'), { code: 'FST_ERR_SOMETHING', statusCode: 500 })],
  ])('maps %s to 500 / 20500 with the request id, logs the cause, shows no stack', (_what, thrown) => {
    const error = toTwilioError(thrown, request({ id: 'req-abc' }), logger);
    const body = error.toJSON();
    expect(body).toEqual({
      code: 20500,
      message: 'Internal server error; quote request id req-abc when reporting it',
      more_info: 'https://www.twilio.com/docs/errors/20500',
      status: 500,
    });
    expect(JSON.stringify(body)).not.toMatch(/at .*\(|connection reset|Cannot read|db down|boom/);
    expect(logged).toHaveBeenCalledWith(
      expect.objectContaining({ err: thrown, reqId: 'req-abc', method: 'GET', path: '/v1/Conversations/CHx' }),
      'unhandled error',
    );
  });
});

describe('TwilioExceptionFilter', () => {
  it('writes {code, message, more_info, status} as JSON with the error status', () => {
    const sent: { status?: number; headers: Record<string, string>; body?: unknown } = { headers: {} };
    const reply = {
      status(code: number) {
        sent.status = code;
        return this;
      },
      header(name: string, value: string) {
        sent.headers[name] = value;
        return this;
      },
      send(payload: unknown) {
        sent.body = payload;
        return this;
      },
    } as unknown as FastifyReply;
    const host = { switchToHttp: () => ({ getRequest: () => request(), getResponse: () => reply }) } as unknown as ArgumentsHost;

    new TwilioExceptionFilter().catch(new TwilioError(50353, 409, 'taken'), host);

    expect(sent).toEqual({
      status: 409,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: { code: 50353, message: 'taken', more_info: 'https://www.twilio.com/docs/errors/50353', status: 409 },
    });
  });
});
