import { Prisma } from '../generated/prisma/client';
import type { FeedEvent } from './change-types';

/** A feed row as written: the event, and whether some webhook wants it. */
export type FeedRow = FeedEvent & { webhooks: boolean };

/**
 * A `change_events` row as a FeedEvent plus its `webhooks` flag: what statements that write feed rows
 * return (RETURNING) for the publisher.
 */
export const FEED_COLUMNS = Prisma.sql`id::text AS id, sid, type, account_sid AS "accountSid", service_sid AS "serviceSid",
  conversation_sid AS "conversationSid", conversation_seq::int AS "conversationSeq", identity, user_seq::int AS "userSeq",
  subject_sid AS "subjectSid", to_char(date_created AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, webhooks`;
