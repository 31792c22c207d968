import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { CarrierError, type CarrierMessage, type OutboundMessage } from '../channels/channel-adapter';
import { ChannelRegistry } from '../channels/channel-registry';
import { decideFailure, UNKNOWN_CARRIER_ERROR } from '../channels/failure-policy';
import { DeliveryQueue } from './delivery.queue';
import type { DeliveryOutcome, ReceiptToSend } from './delivery.types';
import { TickLoader } from '../queues/tick-loader';
import { type Accepted, DeliveryStateRepository, type ReceiptChange } from './delivery-state.repository';
import { SendRateLimiter } from './send-rate.limiter';
import { ChangeFeed } from '../events/change-feed';
import { eventsOf } from './delivery-status.sql';
import { MediaService } from '../media/media.service';
import { RouterMetrics } from '../observability/router-metrics';
import { adoptableSend, CLOCK_SKEW_MS, SEND_IN_FLIGHT_MS } from './earlier-send';

/** How soon a message waiting behind an earlier one to the same recipient looks again (it is also woken). */
const ORDER_RECHECK_MS = 1_000;
/** Twilio's code for a message that waited too long to be sent ("queue overflow"). */
const TOO_OLD = 30001;
/** Twilio's code for a From number that is not the account's ("not a valid ... phone number for your account"). */
const NOT_ACCOUNTS_NUMBER = 21606;

/**
 * Sends one delivery receipt through the carrier of its proxy address. Re-reads the receipt first,
 * so a job that runs twice (a retry, a sweep, a worker that died) never sends a receipt the carrier
 * already accepted; keeps messages to one recipient in order; honours the proxy address's rate.
 */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger(DeliveryService.name);
  private readonly statusCallback: string;
  /** The reads before a send and the writes after it, batched over the jobs of one event-loop turn. */
  private readonly loads: TickLoader<string, ReceiptToSend | null>;
  private readonly accepts: TickLoader<{ sid: string; channelMessageSid: string }, Accepted>;

  constructor(
    private readonly state: DeliveryStateRepository,
    private readonly queue: DeliveryQueue,
    private readonly limiter: SendRateLimiter,
    private readonly channels: ChannelRegistry,
    private readonly config: AppConfig,
    private readonly feed: ChangeFeed,
    private readonly media: MediaService,
    private readonly metrics: RouterMetrics,
  ) {
    this.statusCallback = `${config.publicUrl}/webhooks/twilio/status`;
    this.loads = new TickLoader(
      (sids) => state.loadForSendMany(sids),
      (sid) => state.loadForSend(sid),
    );
    this.accepts = new TickLoader(
      (sends) => state.markAcceptedMany(sends),
      (send) => state.markAccepted(send.sid, send.channelMessageSid),
    );
  }

  async deliver(receiptSid: string, attempt: { number: number; last: boolean }): Promise<DeliveryOutcome> {
    const receipt = await this.loads.run(receiptSid);
    if (!receipt || receipt.status !== null || receipt.channelMessageSid !== null) return { kind: 'done' };
    if (Date.now() - receipt.dateCreated.getTime() > this.config.delivery.maxAgeMs) {
      await this.fail(receiptSid, TOO_OLD, 'waited longer than DELIVERY_MAX_AGE');
      return { kind: 'done' };
    }
    if (receipt.proxyOwnerSid !== receipt.accountSid) {
      // A binding left from before ownership, or a number moved away: never send from another account's number.
      await this.fail(receiptSid, NOT_ACCOUNTS_NUMBER, 'the proxy address belongs to another account');
      return { kind: 'done' };
    }
    if (receipt.blockedBy) {
      this.metrics.deliveryWaits.inc({ reason: 'order' });
      return { kind: 'wait', delayMs: ORDER_RECHECK_MS, reason: 'order' };
    }

    const adapter = this.channels.adapter(receipt.channelProvider);
    const credentials = this.channels.credentials(receipt.channelProvider);
    const outbound: OutboundMessage = {
      receiptSid,
      from: receipt.proxyAddress,
      to: receipt.address,
      body: receipt.body,
      mediaUrls: [],
      statusCallback: this.statusCallback,
    };
    if (receipt.openAttemptAt && adapter.findSent) {
      // An earlier attempt left and its answer was never recorded (its worker died, or the request
      // timed out): the carrier may hold the message already. Ask it before sending again.
      const age = receipt.openAttemptAgeMs ?? 0;
      if (age < SEND_IN_FLIGHT_MS) return { kind: 'wait', delayMs: SEND_IN_FLIGHT_MS - age + 100, reason: 'in-flight' };
      let listed: CarrierMessage[];
      try {
        listed = await adapter.findSent(
          { from: outbound.from, to: outbound.to, since: new Date(receipt.openAttemptAt.getTime() - CLOCK_SKEW_MS) },
          credentials,
        );
      } catch (err) {
        return this.carrierFailed(err, receiptSid, attempt, adapter.provider, 'lookup');
      }
      const candidates = listed.filter((m) => m.from === outbound.from && m.to === outbound.to);
      const earlier = adoptableSend(candidates, outbound, await this.state.claimedCarrierSids(candidates.map((m) => m.sid)));
      if (earlier) {
        this.logger.warn({ receiptSid, channelMessageSid: earlier.sid }, 'adopted the carrier message of an interrupted send');
        await this.accepted(receiptSid, earlier.sid);
        return { kind: 'done' };
      }
    }
    const wait = await this.limiter.take(receipt.proxyAddress, receipt.sendRatePerSecond ?? this.config.delivery.defaultSendRate);
    if (wait > 0) {
      // It does not leave now: the attempt this load opened is not one (a lookup would be wasted).
      if (receipt.openedAttempt) await this.state.closeAttempt(receiptSid);
      this.metrics.deliveryWaits.inc({ reason: 'rate' });
      this.metrics.rateLimitWait.observe(wait / 1000);
      return { kind: 'wait', delayMs: wait, reason: 'rate' };
    }

    let channelMessageSid: string;
    try {
      outbound.mediaUrls = await Promise.all(
        receipt.mediaSids.map((sid) => this.media.signedUrl({ sid, serviceSid: receipt.serviceSid, accountSid: receipt.accountSid })),
      );
      ({ channelMessageSid } = await adapter.send(outbound, credentials));
    } catch (err) {
      // The carrier answered: it did not take the message, so no attempt is open. A network error or a
      // timeout leaves it open: the carrier may have taken it.
      if (err instanceof CarrierError && err.details.httpStatus !== undefined) await this.state.closeAttempt(receiptSid);
      return this.carrierFailed(err, receiptSid, attempt, adapter.provider, 'send');
    }
    await this.accepted(receiptSid, channelMessageSid);
    return { kind: 'done' };
  }

  /** The carrier holds the message: its SID on the receipt, the callbacks that came first applied. */
  private async accepted(receiptSid: string, channelMessageSid: string): Promise<void> {
    const { change, early } = await this.accepts.run({ sid: receiptSid, channelMessageSid });
    this.metrics.delivery('sent');
    await this.settled(change);
    if (early.length) {
      const applied = await this.state.applyInOrder(channelMessageSid, early);
      await this.feed.written(eventsOf(applied));
    }
  }

  /** A send or a lookup failed: retried, or the receipt fails (terminal error, or the last attempt). */
  private async carrierFailed(
    err: unknown,
    receiptSid: string,
    attempt: { number: number; last: boolean },
    provider: string,
    what: 'send' | 'lookup',
  ): Promise<DeliveryOutcome> {
    if (!(err instanceof CarrierError)) throw err;
    const decision = decideFailure(err);
    if (decision.action === 'fail') {
      await this.fail(receiptSid, decision.errorCode, decision.reason);
      return { kind: 'done' };
    }
    if (attempt.last) {
      await this.fail(
        receiptSid,
        err.details.code ?? UNKNOWN_CARRIER_ERROR,
        `gave up after ${attempt.number} attempts: ${decision.reason}`,
      );
      return { kind: 'done' };
    }
    this.logger.warn({ receiptSid, attempt: attempt.number, provider, what, reason: decision.reason }, 'send will be retried');
    this.metrics.delivery('retried', err.details.code);
    return { kind: 'retry', delayMs: decision.delayMs, reason: decision.reason };
  }

  private async fail(receiptSid: string, errorCode: number, reason: string): Promise<void> {
    this.logger.warn({ receiptSid, errorCode, reason }, 'delivery failed');
    this.metrics.delivery('failed', errorCode);
    await this.settled(await this.state.markFailed(receiptSid, errorCode));
  }

  /** The next message to the same recipient may go now; webhooks hear of a failure. */
  private async settled(change: ReceiptChange | null): Promise<void> {
    if (change?.nextSid) await this.queue.promote(change.nextSid);
    await this.feed.written(eventsOf([change]));
  }
}
