import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { CarrierError, type ChannelProvider } from '../channels/channel-adapter';
import { ChannelRegistry } from '../channels/channel-registry';
import { AppConfig } from '../config/app-config';
import { RouterMetrics } from '../observability/router-metrics';
import { runPeriodically } from '../queues/periodic-task';
import { REDIS } from '../redis/redis.module';
import { DeliveryStateRepository, MAX_STATUS_CHECKS, type UnsettledReceipt } from './delivery-state.repository';
import { DeliveryStatusService } from './delivery-status.service';

/** Each check comes this many times later than the one before, counted from the last status change. */
const BACKOFF = 6;
/** Receipts whose last change is older than this are not checked any more (carriers settle within hours). */
const HORIZON_MS = 86_400_000;
/** Receipts asked per check level and pass, and carrier requests in flight at once. */
const PER_PASS = 200;
const PARALLEL = 8;

/** When check `n` (0-based) of a receipt is due, after its last status change. */
export function statusCheckDelay(afterMs: number, n: number): number {
  return afterMs * BACKOFF ** n;
}

/**
 * Settles receipts whose status callbacks never arrived. A carrier posts each status callback once
 * or a few times (Twilio does not retry a failed one): when the router was down or restarting then,
 * the receipt would stay `sent` (or accepted with no status) for good. A receipt with no final status
 * some minutes after its last change is asked of its carrier (the Message resource by SID), at most
 * MAX_STATUS_CHECKS times, each later than the one before; a status found is applied as a callback
 * would be (the same receipt change, feed event and webhooks). A carrier that does not answer is
 * skipped until the next pass, others go on. One worker checks at a time.
 */
@Injectable()
export class StatusChecker implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(StatusChecker.name);
  private stop?: () => void;

  constructor(
    private readonly state: DeliveryStateRepository,
    private readonly statuses: DeliveryStatusService,
    private readonly channels: ChannelRegistry,
    private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly metrics: RouterMetrics,
  ) {}

  onModuleInit(): void {
    if (this.config.delivery.statusCheckAfterMs === 0) return;
    this.stop = runPeriodically({
      redis: this.redis,
      lockKey: `${this.config.queuePrefix}:status-check`,
      intervalMs: this.config.delivery.sweepIntervalMs,
      logger: this.logger,
      task: async () => void (await this.pass()),
    });
  }

  onModuleDestroy(): void {
    this.stop?.();
  }

  /** One pass over every check level; returns how many receipts changed. */
  async pass(): Promise<number> {
    const afterMs = this.config.delivery.statusCheckAfterMs;
    const unavailable = new Set<ChannelProvider>();
    let changed = 0;
    for (let n = 0; n < MAX_STATUS_CHECKS; n++) {
      const due = await this.state.dueForStatusCheck(n, statusCheckDelay(afterMs, n), HORIZON_MS, PER_PASS);
      const result = await this.check(due, unavailable);
      await this.state.countStatusChecks(result.checked);
      changed += result.changed;
    }
    if (changed) this.logger.warn({ changed }, 'status checks found statuses whose callbacks never came');
    return changed;
  }

  /**
   * Asks the carrier for each receipt's status, PARALLEL at a time. A receipt its carrier answered for
   * (a status, or a refusal such as 404) counts as checked. When a carrier does not answer (network,
   * 5xx, 429), the rest of its receipts are left for the next pass, uncounted; other carriers go on.
   */
  private async check(due: UnsettledReceipt[], unavailable: Set<ChannelProvider>): Promise<{ checked: string[]; changed: number }> {
    const checked: string[] = [];
    let changed = 0;
    let next = 0;
    const one = async (receipt: UnsettledReceipt): Promise<void> => {
      const provider = this.channels.provider(receipt.channelProvider);
      if (unavailable.has(provider)) return;
      const adapter = this.channels.adapter(provider);
      if (!adapter.fetchStatus) return void checked.push(receipt.sid);
      let result: 'changed' | 'unchanged' | 'not_found' | 'refused';
      try {
        const update = await adapter.fetchStatus(receipt.channelMessageSid, this.channels.credentials(provider));
        result = (await this.statuses.apply(update)) ? 'changed' : 'unchanged';
      } catch (err) {
        const status = err instanceof CarrierError ? err.details.httpStatus : undefined;
        if (status === undefined || status === 429 || status >= 500) {
          unavailable.add(provider);
          this.metrics.statusChecks.inc({ result: 'error' });
          this.logger.warn(
            { receiptSid: receipt.sid, provider, err: (err as Error).message },
            'status check failed; retried on a later pass',
          );
          return;
        }
        result = status === 404 ? 'not_found' : 'refused';
      }
      checked.push(receipt.sid);
      if (result === 'changed') changed++;
      this.metrics.statusChecks.inc({ result });
    };
    const lane = async () => {
      while (next < due.length) await one(due[next++]);
    };
    await Promise.all(Array.from({ length: PARALLEL }, lane));
    return { checked, changed };
  }
}
