import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { maskPhoneNumbers } from '../logging/log-redaction';
import { isUnstorableText } from '../prisma/database-errors';
import { Errors } from './errors';
import { TwilioError } from './twilio-error';

/** Renders every error as Twilio does: `{code, message, more_info, status}`. A 500 logs its cause and shows only a request id. */
@Catch()
export class TwilioExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(TwilioExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    const error = toTwilioError(exception, request, this.logger);
    void reply.status(error.status).header('content-type', 'application/json; charset=utf-8').send(error.toJSON());
  }
}

/** Maps anything thrown while serving a request to a TwilioError (shared with the Fastify-level handler). */
export function toTwilioError(exception: unknown, request: FastifyRequest, logger: Logger): TwilioError {
  if (exception instanceof TwilioError) return exception;
  const path = request.url.split('?')[0];
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status === 404) return Errors.notFound(path);
    if (status === 405) return Errors.methodNotAllowed(request.method, path);
    if (status < 500) return new TwilioError(status === 401 ? 20003 : 20001, status, exception.message);
  }
  const fastifyError = exception as { code?: string; statusCode?: number; message?: string };
  if (typeof fastifyError?.code === 'string' && fastifyError.code.startsWith('FST_') && (fastifyError.statusCode ?? 500) < 500) {
    const status = fastifyError.statusCode ?? 400;
    if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return new TwilioError(20001, 413, 'Request body is too large');
    }
    if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return new TwilioError(
        20001,
        415,
        `Unsupported Content-Type ${request.headers['content-type'] ?? ''}: send application/x-www-form-urlencoded`,
      );
    }
    return new TwilioError(20001, status, fastifyError.message ?? 'Bad request');
  }
  if (isUnstorableText(exception)) return Errors.invalidParameter('Parameters must not contain NUL characters (%00)');
  if (clientAborted(exception, request)) {
    // The client went away mid-request (a dropped upload): an ordinary event, and nobody to answer.
    logger.log(
      { reqId: request.id, method: request.method, path: maskPhoneNumbers(path) },
      'client closed the connection before the request was read',
    );
    return new TwilioError(20001, 400, 'The request was aborted by the client');
  }
  logger.error({ err: exception, reqId: request.id, method: request.method, path }, 'unhandled error');
  return Errors.internal(String(request.id));
}

/** The request's own connection closed while its body was read (Node's "aborted", ECONNRESET). */
function clientAborted(exception: unknown, request: FastifyRequest): boolean {
  const e = exception as { code?: string; message?: string } | undefined;
  return (e?.code === 'ECONNRESET' || e?.message === 'aborted') && request.raw?.socket?.destroyed === true;
}
