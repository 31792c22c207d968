import type { FastifyInstance } from 'fastify';
import type { RouterMetrics } from './router-metrics';

/** The carrier webhooks, whose answer time the carrier waits on (and times out at 15 s). */
const CARRIER_WEBHOOKS: Record<string, string> = {
  '/webhooks/twilio/messaging': 'messaging',
  '/webhooks/twilio/status': 'status',
};

/**
 * Counts and times every HTTP answer by method, route template (`/v1/Conversations/:sid`, never the
 * URL itself: no SIDs or phone numbers in labels) and status. Requests no route matched count as
 * `unmatched`. The websocket upgrade does not pass here (see router_websocket_connections).
 */
export function registerHttpMetrics(fastify: FastifyInstance, metrics: RouterMetrics): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const status = String(reply.statusCode);
    const seconds = reply.elapsedTime / 1000;
    const labels = { method: request.method, route, status };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, seconds);
    const webhook = CARRIER_WEBHOOKS[route];
    if (webhook) metrics.carrierWebhookDuration.observe({ webhook, status }, seconds);
    done();
  });
}
