import type { FastifyInstance } from 'fastify';

/** The media service's routes: uploads, records, MediaSet and content (not the REST API at large). */
const MEDIA_PATH = /^\/v1\/Services\/[^/?]+\/Media(?:Set)?(?:\/[^?]*)?(?:\?|$)/;

/**
 * Browsers call the media service cross-origin with the token in a header (never a cookie), so any
 * origin may: preflights are answered here, and every answer of these routes (errors too) carries
 * the headers a script needs to read it.
 */
export const MEDIA_CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'X-Twilio-Token, Content-Type',
  'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
  'access-control-expose-headers': 'Content-Type, Content-Length, Content-Disposition',
  'access-control-max-age': '600',
} as const;

export function registerMediaCors(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!MEDIA_PATH.test(request.url)) return done();
    void reply.headers(MEDIA_CORS_HEADERS);
    if (request.method === 'OPTIONS') return void reply.header('vary', 'Origin').status(204).send();
    done();
  });
}
