import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds: from a fast in-memory answer to a slow carrier or database. */
const LATENCY_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Queue waits and lags run from milliseconds to minutes (retries, rate limits). */
const WAIT_BUCKETS = [0.005, 0.025, 0.1, 0.5, 1, 5, 15, 60, 300, 1800];

/**
 * Every metric of a router process, in one prom-client registry of its own (not the global one, so
 * that tests starting several routers in one process do not collide). Labels are low-cardinality:
 * route templates, queue names, outcomes and Twilio error codes; never SIDs, phone numbers or URLs.
 * Gauges that read shared state (queue depths) say how to aggregate across processes (`max`).
 */
@Injectable()
export class RouterMetrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'router_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'router_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly carrierWebhookDuration = new Histogram({
    name: 'router_carrier_webhook_duration_seconds',
    help: 'Time to answer a carrier webhook (inbound message or status callback), by webhook and status',
    labelNames: ['webhook', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 5, 15],
    registers: [this.registry],
  });

  readonly queueJobs = new Gauge({
    name: 'router_queue_jobs',
    help: 'Jobs in a BullMQ queue by state (shared by every process: aggregate with max)',
    labelNames: ['queue', 'state'] as const,
    aggregator: 'max',
    registers: [this.registry],
  });
  readonly queueOldestWaiting = new Gauge({
    name: 'router_queue_oldest_waiting_seconds',
    help: 'How long the oldest job ready to run has been waiting for a worker (queue lag; aggregate with max)',
    labelNames: ['queue'] as const,
    aggregator: 'max',
    registers: [this.registry],
  });
  readonly queueWait = new Histogram({
    name: 'router_queue_wait_seconds',
    help: 'Time from a job being added (after its initial delay) to its first processing, by queue',
    labelNames: ['queue'] as const,
    buckets: WAIT_BUCKETS,
    registers: [this.registry],
  });
  readonly queueProcessing = new Histogram({
    name: 'router_queue_processing_seconds',
    help: 'Time a worker spent on a job run that completed or failed, by queue and result',
    labelNames: ['queue', 'result'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly deliveries = new Counter({
    name: 'router_deliveries_total',
    help: 'Send attempts to carriers by outcome (sent, failed, retried) and Twilio error code ("" when none)',
    labelNames: ['outcome', 'error_code'] as const,
    registers: [this.registry],
  });
  readonly deliveryStatuses = new Counter({
    name: 'router_delivery_status_callbacks_total',
    help: 'Carrier status callbacks by reported status and error code ("" when none)',
    labelNames: ['status', 'error_code'] as const,
    registers: [this.registry],
  });
  readonly statusChecks = new Counter({
    name: 'router_delivery_status_checks_total',
    help: 'Receipts without a final status asked of their carrier, by result (changed, unchanged, not_found, refused: another 4xx, error: no answer, 5xx or 429)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly deliveryWaits = new Counter({
    name: 'router_delivery_waits_total',
    help: 'Sends put back to wait: behind the proxy address rate limit (rate) or an earlier message to the recipient (order)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly rateLimitWait = new Histogram({
    name: 'router_rate_limit_wait_seconds',
    help: 'How long a send was told to wait by the per-proxy-address rate limiter',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly webhookAttempts = new Counter({
    name: 'router_event_webhook_attempts_total',
    help: 'Event webhook requests by result: done (2xx), retry (429, 5xx, timeout, unreachable), rejected (other answers, refused destinations)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly webhookFailures = new Counter({
    name: 'router_event_webhook_failures_total',
    help: 'Event webhooks given up: every attempt failed, or a final answer other than 2xx',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly sweeperFinds = new Counter({
    name: 'router_outbox_sweeper_found_total',
    help: 'Items the outbox sweepers found committed without a job and enqueued, by outbox (delivery, events, timers)',
    labelNames: ['outbox'] as const,
    registers: [this.registry],
  });

  readonly dbPool = new Gauge({
    name: 'router_db_pool_connections',
    help: 'PostgreSQL pool of this process: connections open (total), idle, and requests waiting for one (waiting)',
    labelNames: ['state'] as const,
    registers: [this.registry],
  });

  readonly websocketConnections = new Gauge({
    name: 'router_websocket_connections',
    help: 'Open websocket connections on /v3/wsconnect',
    registers: [this.registry],
  });
  readonly fanoutLatency = new Histogram({
    name: 'router_realtime_fanout_seconds',
    help: 'From the publication of a change by the process that wrote it to its push to the subscribed sockets of this process',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  /** Gauges read from elsewhere (pool, queues) are refreshed by these right before a scrape. */
  private readonly refreshers = new Set<() => Promise<void> | void>();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  onScrape(refresh: () => Promise<void> | void): void {
    this.refreshers.add(refresh);
  }

  /** This process's metrics, in Prometheus's text format. */
  async text(): Promise<string> {
    await this.refresh();
    return this.registry.metrics();
  }

  /** This process's metrics as prom-client's JSON, for the supervisor to aggregate. */
  async json(): Promise<Awaited<ReturnType<Registry['getMetricsAsJSON']>>> {
    await this.refresh();
    return this.registry.getMetricsAsJSON();
  }

  private async refresh(): Promise<void> {
    // A source that cannot answer (Redis away) leaves its gauges at their last value; the rest still report.
    await Promise.allSettled([...this.refreshers].map(async (refresh) => refresh()));
  }

  delivery(outcome: 'sent' | 'failed' | 'retried', errorCode?: number | null): void {
    this.deliveries.inc({ outcome, error_code: errorCode == null ? '' : String(errorCode) });
  }
}
