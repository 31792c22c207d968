import { parseChannelAddress } from '../common/channel-address';
import { Errors } from '../common/errors';
import { isoDate } from '../common/wire-format';
import type { SimulatedStatus } from './carrier-wire';

export const FAULT_ACTIONS = [
  'fail',
  'http_error',
  'delay',
  'hold_answer',
  'undelivered',
  'duplicate_callbacks',
  'out_of_order_callbacks',
  'lost_callbacks',
] as const;
export type FaultAction = (typeof FAULT_ACTIONS)[number];

/** A rule that changes what the simulator does with the next matching sends. */
export interface FaultRule {
  sid: string;
  /** Recipient it applies to, or `*` for every recipient. */
  to: string;
  /** Sender it applies to; null for any. */
  from: string | null;
  action: FaultAction;
  /** How many sends it applies to; -1 until the faults are cleared. */
  count: number;
  /** fail: the Twilio error answered; undelivered: the ErrorCode reported; http_error: the body's code. */
  errorCode: number | null;
  /** http_error: the HTTP status answered. */
  status: number | null;
  /** http_error: Retry-After, in seconds. */
  retryAfter: number | null;
  /** delay: how long the answer waits before the send is accepted; hold_answer: after it is accepted. */
  delayMs: number | null;
  dateCreated: Date;
  /** Creation order: rules are tried oldest first. */
  seq: number;
}

export interface FaultRuleInput {
  to: string;
  from?: string;
  action: FaultAction;
  count?: number;
  errorCode?: number;
  status?: number;
  retryAfter?: number;
  delayMs?: number;
}

/** Twilio's code for an undelivered message when the rule names none: unreachable destination handset. */
export const DEFAULT_UNDELIVERED_CODE = 30003;
export const MAX_DELAY_MS = 120_000;

function address(raw: string, name: string, allowShortCode: boolean): string {
  const parsed = parseChannelAddress(raw, { allowShortCode });
  if ('error' in parsed) throw Errors.invalidParameter(`${name} ${parsed.error}`);
  return parsed.address.value;
}

/** A rule from the POST /simulator/faults fields; throws 20001 for what does not fit the action. */
export function buildFaultRule(input: FaultRuleInput, sid: string, seq: number, now = new Date()): FaultRule {
  const count = input.count ?? 1;
  if (count === 0 || count < -1)
    throw Errors.invalidParameter('Count must be a positive number of sends, or -1 for every send until the faults are cleared');
  const to = input.to.trim() === '*' ? '*' : address(input.to, 'To', false);
  const from = input.from === undefined || input.from.trim() === '' ? null : address(input.from, 'From', true);
  const rule: FaultRule = {
    sid,
    to,
    from,
    action: input.action,
    count,
    errorCode: null,
    status: null,
    retryAfter: null,
    delayMs: null,
    dateCreated: now,
    seq,
  };
  const unused = (names: (keyof FaultRuleInput)[]) => {
    const given = names.filter((n) => input[n] !== undefined);
    if (given.length) throw Errors.invalidParameter(`Action ${input.action} does not take ${given.map(wireName).join(', ')}`);
  };
  switch (input.action) {
    case 'fail':
      if (input.errorCode === undefined)
        throw Errors.invalidParameter('Action fail needs ErrorCode: the Twilio error to answer, e.g. 21211 or 21610');
      unused(['status', 'retryAfter', 'delayMs']);
      return { ...rule, errorCode: input.errorCode };
    case 'http_error': {
      const status = input.status ?? 500;
      if (status !== 429 && (status < 500 || status > 599)) throw Errors.invalidParameter('Status must be 429 or a 5xx status');
      unused(['delayMs']);
      return { ...rule, status, errorCode: input.errorCode ?? null, retryAfter: input.retryAfter ?? null };
    }
    case 'delay':
    case 'hold_answer':
      if (input.delayMs === undefined) throw Errors.invalidParameter(`Action ${input.action} needs DelayMs: how long the answer waits`);
      if (input.delayMs > MAX_DELAY_MS) throw Errors.invalidParameter(`DelayMs must be at most ${MAX_DELAY_MS}`);
      unused(['errorCode', 'status', 'retryAfter']);
      return { ...rule, delayMs: input.delayMs };
    case 'undelivered':
      unused(['status', 'retryAfter', 'delayMs']);
      return { ...rule, errorCode: input.errorCode ?? DEFAULT_UNDELIVERED_CODE };
    case 'duplicate_callbacks':
    case 'out_of_order_callbacks':
    case 'lost_callbacks':
      unused(['errorCode', 'status', 'retryAfter', 'delayMs']);
      return rule;
  }
}

function wireName(name: keyof FaultRuleInput): string {
  return (
    {
      to: 'To',
      from: 'From',
      action: 'Action',
      count: 'Count',
      errorCode: 'ErrorCode',
      status: 'Status',
      retryAfter: 'RetryAfter',
      delayMs: 'DelayMs',
    } as const
  )[name];
}

/** True when the rule applies to a send from `from` to `to` (both normalised addresses). */
export function faultMatches(rule: Pick<FaultRule, 'to' | 'from'>, send: { to: string; from: string }): boolean {
  return (rule.to === '*' || rule.to === send.to) && (rule.from === null || rule.from === send.from);
}

/** The rules that apply to a send, in the order they are tried: oldest first. */
export function matchingFaults<R extends Pick<FaultRule, 'to' | 'from' | 'seq'>>(rules: R[], send: { to: string; from: string }): R[] {
  return rules.filter((r) => faultMatches(r, send)).sort((a, b) => a.seq - b.seq);
}

/**
 * What one atomic decrement of a counted rule's remaining sends means: the send got the rule (and
 * was its last one), or another send already used it up.
 */
export function claimOf(remainingAfterDecrement: number): 'taken' | 'taken-last' | 'used-up' {
  if (remainingAfterDecrement > 0) return 'taken';
  return remainingAfterDecrement === 0 ? 'taken-last' : 'used-up';
}

/** The answer of a `fail` or `http_error` rule: HTTP status, Twilio code and message, Retry-After. */
export function refusalOf(rule: FaultRule): { status: number; code: number; message: string; retryAfter: number | null } | null {
  if (rule.action === 'fail') {
    return { status: 400, code: rule.errorCode ?? 30008, message: `Simulated carrier error ${rule.errorCode}`, retryAfter: null };
  }
  if (rule.action === 'http_error') {
    const status = rule.status ?? 500;
    const code = rule.errorCode ?? (status === 429 ? 20429 : status === 503 ? 20503 : 20500);
    const message = status === 429 ? 'Too Many Requests' : status === 503 ? 'Service Unavailable' : 'Internal Server Error';
    return { status, code, message: `Simulated carrier answer: ${message}`, retryAfter: rule.retryAfter };
  }
  return null;
}

export interface CallbackStep {
  status: SimulatedStatus;
  /** Milliseconds after the send was accepted. */
  afterMs: number;
  errorCode: number | null;
}

/** The status callbacks of an accepted send, and how many times each is posted. */
export interface CallbackPlan {
  steps: CallbackStep[];
  copies: number;
}

export function callbackPlan(rule: FaultRule | null, timing: { sentMs: number; deliveredMs: number }): CallbackPlan {
  const sent: CallbackStep = { status: 'sent', afterMs: timing.sentMs, errorCode: null };
  const delivered: CallbackStep = { status: 'delivered', afterMs: timing.deliveredMs, errorCode: null };
  switch (rule?.action) {
    case 'undelivered':
      return {
        steps: [sent, { status: 'undelivered', afterMs: timing.deliveredMs, errorCode: rule.errorCode ?? DEFAULT_UNDELIVERED_CODE }],
        copies: 1,
      };
    case 'duplicate_callbacks':
      return { steps: [sent, delivered], copies: 2 };
    case 'out_of_order_callbacks':
      return {
        steps: [
          { ...delivered, afterMs: timing.sentMs },
          { ...sent, afterMs: timing.deliveredMs },
        ],
        copies: 1,
      };
    case 'lost_callbacks':
      // The statuses happen (the Message resource shows them) but no callback reaches the router, as
      // when it was down through every post the carrier made.
      return { steps: [sent, delivered], copies: 0 };
    default:
      return { steps: [sent, delivered], copies: 1 };
  }
}

/** A rule as GET /simulator/faults shows it; `remaining` is what is left of Count (-1: until cleared). */
export function faultResource(rule: FaultRule, remaining: number) {
  return {
    sid: rule.sid,
    to: rule.to,
    from: rule.from,
    action: rule.action,
    count: rule.count,
    remaining,
    error_code: rule.errorCode,
    status: rule.status,
    retry_after: rule.retryAfter,
    delay_ms: rule.delayMs,
    date_created: isoDate(rule.dateCreated),
  };
}
