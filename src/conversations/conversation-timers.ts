import { parseDuration } from '../common/duration';

/**
 * The instants a conversation's timers produce, counted from its last activity: an active
 * conversation becomes inactive after Timers.Inactive and closed after Timers.Closed; an inactive
 * one only has the closed timer left; a closed one has none.
 */
export function timerInstants(
  state: string,
  timers: { inactive: string | null; closed: string | null },
  from: Date,
): { dateInactive: Date | null; dateClosed: Date | null } {
  const after = (duration: string | null) => {
    const ms = duration ? parseDuration(duration) : undefined;
    return ms === undefined ? null : new Date(from.getTime() + ms);
  };
  if (state === 'closed') return { dateInactive: null, dateClosed: null };
  return {
    dateInactive: state === 'active' ? after(timers.inactive) : null,
    dateClosed: after(timers.closed),
  };
}
