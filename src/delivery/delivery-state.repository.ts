import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client';
import { SqlRunner } from '../prisma/sql-runner';
import {
  APPLY_STATUS,
  APPLY_STATUSES,
  CHANGE_COLUMNS,
  receiptChangeSql,
  type ReceiptChange,
  type StatusInput,
} from './delivery-status.sql';
import type { ReceiptToSend } from './delivery.types';

export type { ReceiptChange, StatusInput } from './delivery-status.sql';

/** A receipt is asked of its carrier at most this many times (the partial index's bound). */
export const MAX_STATUS_CHECKS = 3;

/** A receipt whose carrier status is to be checked. */
export interface UnsettledReceipt {
  sid: string;
  channelMessageSid: string;
  channelProvider: string | null;
}

/** What a carrier status did: the receipt's change, no change (not forward), or no receipt carries the SID yet. */
export type StatusOutcome = ReceiptChange | 'unchanged' | 'unknown';

/**
 * "Not sent yet" for a lookup by SID, spelled so that the planner cannot match it to the partial
 * unsent indexes: it must take the primary key, not walk every unsent receipt (which it would when
 * the unsent set looked empty at the last ANALYZE and has grown since).
 */
const UNSENT_BY_SID = Prisma.sql`num_nonnulls(r.status, r.channel_message_sid) = 0`;

const NEXT_IN_LANE = Prisma.sql`(SELECT n.sid FROM delivery_receipts n
   WHERE n.address = r.address AND n.proxy_address = r.proxy_address
     AND n.status IS NULL AND n.channel_message_sid IS NULL AND n.seq > r.seq
   ORDER BY n.seq LIMIT 1) AS "nextSid"`;

/** A carrier status callback kept until its send is recorded. */
export interface KeptCallback {
  status: string;
  errorCode: number | null;
}

/** The outcome of markAccepted: the changed receipt (null when it was not unsent), and the callbacks kept for it. */
export interface Accepted {
  change: ReceiptChange | null;
  early: KeptCallback[];
}

/**
 * Delivery receipts as the worker and the carriers move them: unsent -> accepted by the carrier
 * (channel_message_sid) -> sent -> delivered -> read, or failed/undelivered. Statuses only move
 * forward (receipt_status_rank). Hand-written statements: this is the worker's hot path.
 */
@Injectable()
export class DeliveryStateRepository {
  constructor(private readonly sql: SqlRunner) {}

  async loadForSend(sid: string): Promise<ReceiptToSend | null> {
    const [row] = await this.loadForSendMany([sid]);
    return row;
  }

  /**
   * loadForSend for several receipts in one statement; one entry per SID, in order (null: no such
   * receipt). The same statement records the send attempt of each receipt that may go now (unsent,
   * not behind an earlier one, no attempt open): its send_started_at is set before the request
   * leaves, at no extra round trip. It returns the attempt found open before (an interrupted send
   * to look up) and whether it opened one. See batchRows for how it is planned.
   */
  async loadForSendMany(sids: string[]): Promise<(ReceiptToSend | null)[]> {
    const rows = await this.batchRows<ReceiptToSend>(
      sids.length,
      Prisma.sql`
      WITH target AS (
        SELECT r.sid, r.account_sid AS "accountSid", r.service_sid AS "serviceSid", r.address, r.proxy_address AS "proxyAddress", r.status,
               r.channel_message_sid AS "channelMessageSid", r.date_created AS "dateCreated", m.body,
               COALESCE((SELECT array_agg(x->>'sid') FROM jsonb_array_elements(m.media) x), '{}') AS "mediaSids",
               pa.account_sid AS "proxyOwnerSid", pa.channel_provider AS "channelProvider", pa.send_rate_per_second AS "sendRatePerSecond",
               (SELECT h.sid FROM delivery_receipts h
                 WHERE h.address = r.address AND h.proxy_address = r.proxy_address
                   AND h.status IS NULL AND h.channel_message_sid IS NULL AND h.seq < r.seq
                 ORDER BY h.seq LIMIT 1) AS "blockedBy",
               r.send_started_at AS "openAttemptAt",
               (extract(epoch FROM now() - r.send_started_at) * 1000)::float8 AS "openAttemptAgeMs"
          FROM delivery_receipts r
          JOIN messages m ON m.sid = r.message_sid
          LEFT JOIN proxy_addresses pa ON pa.address = r.proxy_address
         WHERE r.sid IN (${Prisma.join(sids)})
      ), opened AS (
        UPDATE delivery_receipts r SET send_started_at = now()
          FROM target t
         WHERE r.sid IN (${Prisma.join(sids)}) AND r.sid = t.sid AND t."blockedBy" IS NULL AND t."openAttemptAt" IS NULL
           AND r.send_started_at IS NULL AND ${UNSENT_BY_SID}
        RETURNING r.sid
      )
      SELECT t.*, (o.sid IS NOT NULL) AS "openedAttempt" FROM target t LEFT JOIN opened o ON o.sid = t.sid`,
    );
    const bySid = new Map(rows.map((r) => [r.sid, r]));
    return sids.map((sid) => bySid.get(sid) ?? null);
  }

  /** No send attempt open any more: the carrier refused it, or it never left (the receipt waits for its rate). */
  async closeAttempt(sid: string): Promise<void> {
    await this.sql.rows(Prisma.sql`
      UPDATE delivery_receipts r SET send_started_at = NULL WHERE r.sid = ${sid} AND r.send_started_at IS NOT NULL AND ${UNSENT_BY_SID}`);
  }

  /** Which of these carrier SIDs a receipt already holds. */
  async claimedCarrierSids(channelMessageSids: string[]): Promise<Set<string>> {
    if (!channelMessageSids.length) return new Set();
    const rows = await this.sql.rows<{ sid: string }>(Prisma.sql`
      SELECT channel_message_sid AS sid FROM delivery_receipts WHERE channel_message_sid IN (${Prisma.join(channelMessageSids)})`);
    return new Set(rows.map((r) => r.sid));
  }

  /**
   * The carrier accepted the message: store its SID (only on an unsent receipt: never twice), and
   * take the status callbacks that came before (a fast carrier) in the same statement. A callback
   * committed while this statement runs is applied by the sweeper (applyStrandedPending).
   */
  async markAccepted(sid: string, channelMessageSid: string): Promise<Accepted> {
    const [accepted] = await this.markAcceptedMany([{ sid, channelMessageSid }]);
    return accepted;
  }

  /** markAccepted for several receipts in one statement; one entry per input, in order. See batchRows for how it is planned. */
  async markAcceptedMany(sends: { sid: string; channelMessageSid: string }[]): Promise<Accepted[]> {
    const rows = await this.batchRows<ReceiptChange & { early: KeptCallback[] | null }>(
      sends.length,
      Prisma.sql`
      WITH sent (sid, channel_message_sid) AS (
        VALUES ${Prisma.join(sends.map((s) => Prisma.sql`(${s.sid}, ${s.channelMessageSid})`))}
      ), accepted AS (
        UPDATE delivery_receipts r
           SET channel_message_sid = s.channel_message_sid, attempts = r.attempts + 1, date_updated = now()
          FROM sent s
         WHERE r.sid = s.sid AND ${UNSENT_BY_SID}
        RETURNING ${CHANGE_COLUMNS}, ${NEXT_IN_LANE}, NULL::json AS event
      ), early AS (
        DELETE FROM pending_status_callbacks p
         USING accepted a
         WHERE p.channel_message_sid = a."channelMessageSid"
        RETURNING p.channel_message_sid, p.status, p.error_code AS "errorCode"
      )
      SELECT a.*, (SELECT json_agg(json_build_object('status', e.status, 'errorCode', e."errorCode")) FROM early e
                    WHERE e.channel_message_sid = a."channelMessageSid") AS early
        FROM accepted a`,
    );
    const bySid = new Map(rows.map(({ early, ...change }) => [change.sid, { change, early: early ?? [] }]));
    return sends.map((s) => bySid.get(s.sid) ?? { change: null, early: [] });
  }

  /**
   * A statement over a batch of receipts. One receipt (the common case below a few hundred sends a
   * second) is a lookup by primary key, whose kept plan is right whatever the statistics. For
   * several, the best plan depends on how many and on how big the table has grown (a plan kept from
   * when it was small would read it whole): planned on each run, a cost shared by the batch.
   */
  private batchRows<T>(size: number, sql: Prisma.Sql): Promise<T[]> {
    return size === 1 ? this.sql.rows<T>(sql) : this.sql.rowsPlannedPerRun<T>(sql);
  }

  /** Applies kept callbacks in order of progress (sent before delivered ...). */
  async applyInOrder(channelMessageSid: string, kept: KeptCallback[]): Promise<ReceiptChange[]> {
    const changes: ReceiptChange[] = [];
    for (const k of [...kept].sort((a, b) => rank(a.status) - rank(b.status))) {
      const change = await this.applyStatus(channelMessageSid, k.status, k.errorCode);
      if (typeof change === 'object') changes.push(change);
    }
    return changes;
  }

  /** Failed for good (a terminal carrier error, or retries exhausted). */
  async markFailed(sid: string, errorCode: number): Promise<ReceiptChange | null> {
    const [row] = await this.sql.rows<ReceiptChange>(
      receiptChangeSql(
        Prisma.sql`SELECT r.sid, r.conversation_sid FROM delivery_receipts r WHERE r.sid = ${sid} AND ${UNSENT_BY_SID}`,
        Prisma.sql`status = 'failed', error_code = ${errorCode}, attempts = r.attempts + 1, date_updated = now()`,
        NEXT_IN_LANE,
      ),
    );
    return row ?? null;
  }

  /**
   * A carrier status for a channel message SID, forward only. Returns the changed receipt, or
   * 'unknown' when no receipt carries the SID yet (the callback is kept until it does).
   */
  async applyStatus(channelMessageSid: string, status: string, errorCode: number | null): Promise<StatusOutcome> {
    const [changed] = await this.sql.run<ReceiptChange>(APPLY_STATUS.bind({ channelMessageSid, status, errorCode }));
    if (changed) return changed;
    const [known] = await this.sql.rows<{ known: boolean }>(Prisma.sql`
      SELECT EXISTS (SELECT 1 FROM delivery_receipts WHERE channel_message_sid = ${channelMessageSid}) AS known`);
    return known.known ? 'unchanged' : 'unknown';
  }

  /**
   * applyStatus for several callbacks, one transaction per round; one outcome per input, in order.
   * A SID named twice (sent, then delivered, both waiting) goes in a later round, so that the
   * statuses of one message apply in the order they came, as they would one by one. A round that
   * fails (a deadlock with another writer) is applied one by one instead: the rounds before it
   * are committed, and their outcomes must reach their callers.
   */
  async applyStatuses(inputs: StatusInput[]): Promise<StatusOutcome[]> {
    const outcomes: StatusOutcome[] = new Array(inputs.length);
    for (const round of rounds(inputs)) {
      // Planned per run, as the worker's batches are (batchRows): a plan kept from when the tables
      // were small would read them whole once they are not.
      const bound = APPLY_STATUSES.bind(round.map((i) => inputs[i]));
      const rows = await this.sql.runPlannedPerRun<ReceiptChange & { ord: number; known: boolean }>(bound).catch(() => null);
      if (!rows) {
        for (const i of round) outcomes[i] = await this.applyStatus(inputs[i].channelMessageSid, inputs[i].status, inputs[i].errorCode);
        continue;
      }
      for (const { ord, known, ...change } of rows) {
        outcomes[round[ord - 1]] = change.sid ? (change as ReceiptChange) : known ? 'unchanged' : 'unknown';
      }
    }
    return outcomes;
  }

  /** Keeps a callback that came before its send was recorded. */
  async keepPending(channelMessageSid: string, status: string, errorCode: number | null): Promise<void> {
    await this.sql.rows(Prisma.sql`
      INSERT INTO pending_status_callbacks (channel_message_sid, status, error_code) VALUES (${channelMessageSid}, ${status}, ${errorCode})`);
  }

  /**
   * Applies callbacks kept for a SID now on a receipt. Called after the pending row is committed:
   * whichever side (the worker's accept, or this) comes second applies it.
   */
  async consumePending(channelMessageSid: string): Promise<ReceiptChange[]> {
    const kept = await this.sql.rows<KeptCallback>(Prisma.sql`
      DELETE FROM pending_status_callbacks p
       WHERE p.channel_message_sid = ${channelMessageSid}
         AND EXISTS (SELECT 1 FROM delivery_receipts WHERE channel_message_sid = ${channelMessageSid})
      RETURNING p.status, p.error_code AS "errorCode"`);
    return this.applyInOrder(channelMessageSid, kept);
  }

  /** Kept callbacks whose receipt now has their SID (a race of the two sides): applied by the sweeper. */
  async strandedPending(limit: number): Promise<string[]> {
    const rows = await this.sql.rows<{ sid: string }>(Prisma.sql`
      SELECT DISTINCT p.channel_message_sid AS sid FROM pending_status_callbacks p
        JOIN delivery_receipts r ON r.channel_message_sid = p.channel_message_sid
       LIMIT ${limit}`);
    return rows.map((r) => r.sid);
  }

  /** Unsent receipts older than `ageMs`: candidates for the outbox sweeper. */
  async unsentOlderThan(ageMs: number, limit: number): Promise<string[]> {
    const rows = await this.sql.rows<{ sid: string }>(Prisma.sql`
      SELECT sid FROM delivery_receipts
       WHERE status IS NULL AND channel_message_sid IS NULL AND date_created < now() - make_interval(secs => ${ageMs / 1000})
       ORDER BY date_created LIMIT ${limit}`);
    return rows.map((r) => r.sid);
  }

  /**
   * Receipts the carrier accepted that have no final status yet and are due check `check` (0-based):
   * their last status change is older than `afterMs` and younger than `horizonMs`, oldest first,
   * through delivery_receipts_unsettled_idx.
   */
  async dueForStatusCheck(check: number, afterMs: number, horizonMs: number, limit: number): Promise<UnsettledReceipt[]> {
    return this.sql.rows<UnsettledReceipt>(Prisma.sql`
      SELECT r.sid, r.channel_message_sid AS "channelMessageSid", pa.channel_provider AS "channelProvider"
        FROM delivery_receipts r
        LEFT JOIN proxy_addresses pa ON pa.address = r.proxy_address
       WHERE r.channel_message_sid IS NOT NULL AND (r.status IS NULL OR r.status = 'sent') AND r.status_checks < ${Prisma.raw(String(MAX_STATUS_CHECKS))}
         AND r.status_checks = ${check}
         AND r.date_updated < now() - make_interval(secs => ${afterMs / 1000})
         AND r.date_updated > now() - make_interval(secs => ${horizonMs / 1000})
       ORDER BY r.date_updated LIMIT ${limit}`);
  }

  /** One more status check made of each receipt (its date_updated, the time of its last status change, is kept). */
  async countStatusChecks(sids: string[]): Promise<void> {
    if (!sids.length) return;
    await this.sql.rows(Prisma.sql`
      UPDATE delivery_receipts r SET status_checks = r.status_checks + 1 WHERE r.sid IN (${Prisma.join(sids)})`);
  }

  /** Drops kept callbacks that never matched a receipt. */
  async dropStalePending(olderThanMs: number): Promise<void> {
    await this.sql.rows(Prisma.sql`
      DELETE FROM pending_status_callbacks WHERE date_created < now() - make_interval(secs => ${olderThanMs / 1000})`);
  }
}

const RANK: Record<string, number> = { sent: 1, delivered: 2, undelivered: 2, failed: 2, read: 3 };
const rank = (status: string) => RANK[status] ?? 0;

/** Input positions in rounds where no channel message SID repeats, each round in arrival order. */
function rounds(inputs: StatusInput[]): number[][] {
  const out: number[][] = [];
  const seen = new Map<string, number>();
  inputs.forEach((input, i) => {
    const round = seen.get(input.channelMessageSid) ?? 0;
    seen.set(input.channelMessageSid, round + 1);
    (out[round] ??= []).push(i);
  });
  return out;
}
