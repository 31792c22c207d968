import type { CarrierMessage, OutboundMessage } from '../channels/channel-adapter';

/**
 * How long a send may still be in flight at the carrier after it left: the carrier client's request
 * timeout. An open attempt younger than this is not looked up yet (its message may still appear).
 */
export const SEND_IN_FLIGHT_MS = 15_000;

/**
 * How far before the recorded attempt a lookup reaches back: the carrier stamps its messages with
 * its own clock (to the second), which may be behind the database's.
 */
export const CLOCK_SKEW_MS = 60_000;

/**
 * The carrier message an interrupted attempt created, if any: an outbound message with the same
 * sender, recipient, body and number of media, that no other receipt has claimed (a message with
 * the same text sent earlier to the same phone belongs to its own receipt). The oldest such
 * message wins: an attempt creates at most one, and a later one would be another sender's.
 */
export function adoptableSend(
  listed: CarrierMessage[],
  outbound: Pick<OutboundMessage, 'from' | 'to' | 'body' | 'mediaUrls'>,
  claimed: ReadonlySet<string>,
): CarrierMessage | null {
  const matches = listed.filter(
    (m) =>
      m.from === outbound.from &&
      m.to === outbound.to &&
      m.direction.startsWith('outbound') &&
      m.body === (outbound.body ?? '') &&
      m.numMedia === outbound.mediaUrls.length &&
      !claimed.has(m.sid),
  );
  matches.sort((a, b) => (a.dateCreated?.getTime() ?? 0) - (b.dateCreated?.getTime() ?? 0));
  return matches[0] ?? null;
}
