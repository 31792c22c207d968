import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { maskPhoneNumbers } from './log-redaction';

/** Probes and scrapes that come every few seconds: logged only when they fail. */
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * One line per request: method, path (phone numbers masked, no query string), status, time.
 * Never headers or bodies, so tokens, secrets and message text stay out of logs.
 */
export function registerRequestLogging(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode;
    const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
    if (logger.isLevelEnabled(level) && !(status < 400 && PROBES.has(request.url))) {
      logger[level](
        {
          reqId: request.id,
          method: request.method,
          path: maskPhoneNumbers(request.url.split('?')[0]),
          status,
          ms: Math.round(reply.elapsedTime),
        },
        'request completed',
      );
    }
    done();
  });
}
