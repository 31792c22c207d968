import { Injectable, Logger } from '@nestjs/common';
import type { StatusUpdate } from '../channels/channel-adapter';
import { DeliveryStateRepository, type StatusInput, type StatusOutcome } from './delivery-state.repository';
import { ChangeFeed } from '../events/change-feed';
import { eventsOf } from './delivery-status.sql';
import { RouterMetrics } from '../observability/router-metrics';
import { TickLoader } from '../queues/tick-loader';

/**
 * Status callbacks written at once: two per message sent, each a transaction of its own would be one
 * WAL flush each, the database's bottleneck under load (BENCHMARKS.md). One batch under way at a
 * time: callbacks that come meanwhile wait for it and leave together (each batch is planned on its
 * run, so fewer, larger batches also plan less).
 */
const STATUS_BATCHES = { maxInFlight: 1, maxBatch: 500 };

/** Carrier status callbacks: move the receipt of a channel message SID forward, never back. */
@Injectable()
export class DeliveryStatusService {
  private readonly logger = new Logger(DeliveryStatusService.name);
  private readonly statuses: TickLoader<StatusInput, StatusOutcome>;

  constructor(
    private readonly state: DeliveryStateRepository,
    private readonly feed: ChangeFeed,
    private readonly metrics: RouterMetrics,
  ) {
    this.statuses = new TickLoader(
      (inputs) => state.applyStatuses(inputs),
      (input) => state.applyStatus(input.channelMessageSid, input.status, input.errorCode),
      STATUS_BATCHES,
    );
  }

  /** A carrier's status callback: counted, then applied. Answers once the status is committed (the carrier retries a callback that failed). */
  async callback(update: StatusUpdate): Promise<void> {
    if (update.status === null) return;
    this.metrics.deliveryStatuses.inc({ status: update.status, error_code: update.errorCode === null ? '' : String(update.errorCode) });
    await this.apply(update);
  }

  /** A status from the carrier (a callback, or a status check), once committed; true when a receipt changed. */
  async apply(update: StatusUpdate): Promise<boolean> {
    if (update.status === null) return false;
    const { channelMessageSid, status, errorCode } = update;
    const change = await this.statuses.run({ channelMessageSid, status, errorCode });
    if (typeof change === 'object') {
      await this.feed.written(eventsOf([change]));
      return true;
    }
    if (change !== 'unknown') return false;
    // The carrier was faster than our record of its SID: keep the callback, then check once more
    // in case the SID was stored meanwhile (whichever side comes second applies it).
    await this.state.keepPending(channelMessageSid, status, errorCode);
    const applied = await this.state.consumePending(channelMessageSid);
    await this.feed.written(eventsOf(applied));
    this.logger.debug({ channelMessageSid, status }, 'status kept until its send is recorded');
    return applied.length > 0;
  }
}
