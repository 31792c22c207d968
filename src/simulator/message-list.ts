import { Errors } from '../common/errors';
import { API_VERSION, type MessageResource, messageResource, type SimulatedMessage } from './carrier-wire';

/** The filters of GET Messages.json the simulator answers (Twilio's names). */
export interface MessageListQuery {
  to: string;
  from: string | null;
  /** DateSent bounds, inclusive, in milliseconds. */
  sentFrom: number | null;
  sentTo: number | null;
  page: number;
  pageSize: number;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const DAY_MS = 86_400_000;

/** A DateSent value as Twilio takes it: a GMT day (YYYY-MM-DD, the whole day) or an ISO-8601 time to the second. */
function sentBounds(value: string, name: string): [number, number] {
  const text = value.trim();
  if (DATE_ONLY.test(text)) {
    const day = Date.parse(`${text}T00:00:00Z`);
    if (!Number.isNaN(day)) return [day, day + DAY_MS - 1];
  } else if (DATE_TIME.test(text)) {
    const at = Date.parse(text);
    if (!Number.isNaN(at)) return [at, at + 999];
  }
  throw Errors.invalidParameter(`${name} must be a GMT date (YYYY-MM-DD) or time (YYYY-MM-DDThh:mm:ssZ)`);
}

const one = (query: Record<string, unknown>, name: string): string | undefined => {
  const value = query[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
};

function wholeNumber(value: string | undefined, name: string, min: number, max: number, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d{1,7}$/.test(value) || Number(value) < min || Number(value) > max)
    throw Errors.invalidParameter(`${name} must be a whole number from ${min} to ${max}`);
  return Number(value);
}

/**
 * Reads the query of GET Messages.json: To (required here: the simulator keeps messages by
 * recipient), From, DateSent / DateSent> / DateSent< (the `>=` and `<=` of Twilio's URLs), PageSize
 * (default 50, at most 1000) and Page.
 */
export function readMessageListQuery(query: Record<string, unknown>): MessageListQuery {
  const to = one(query, 'To')?.trim();
  if (!to) throw Errors.invalidParameter('To is required: the simulator lists the messages of one recipient');
  const exact = one(query, 'DateSent');
  const after = one(query, 'DateSent>');
  const before = one(query, 'DateSent<');
  let sentFrom: number | null = null;
  let sentTo: number | null = null;
  if (exact !== undefined) [sentFrom, sentTo] = sentBounds(exact, 'DateSent');
  if (after !== undefined) sentFrom = Math.max(sentFrom ?? -Infinity, sentBounds(after, 'DateSent>')[0]);
  if (before !== undefined) sentTo = Math.min(sentTo ?? Infinity, sentBounds(before, 'DateSent<')[1]);
  return {
    to,
    from: one(query, 'From')?.trim() || null,
    sentFrom,
    sentTo,
    page: wholeNumber(one(query, 'Page'), 'Page', 0, 1_000_000, 0),
    pageSize: wholeNumber(one(query, 'PageSize'), 'PageSize', 1, 1000, 50),
  };
}

/** Twilio's page of the Message list (2010-04-01 shape: messages, page, page_size, start, end, *_page_uri, uri). */
export interface MessagePage {
  messages: MessageResource[];
  page: number;
  page_size: number;
  start: number;
  end: number;
  uri: string;
  first_page_uri: string;
  next_page_uri: string | null;
  previous_page_uri: string | null;
}

/**
 * One page of the recipient's messages that match, newest first. The simulator sends what it
 * accepts at once, so a message's DateSent is when it was accepted.
 */
export function messagePage(accountSid: string, all: SimulatedMessage[], query: MessageListQuery): MessagePage {
  const matching = all
    .filter(
      (m) =>
        m.accountSid === accountSid &&
        (query.from === null || m.from === query.from) &&
        (query.sentFrom === null || m.dateCreated.getTime() >= query.sentFrom) &&
        (query.sentTo === null || m.dateCreated.getTime() <= query.sentTo),
    )
    .sort((a, b) => b.dateCreated.getTime() - a.dateCreated.getTime());
  const start = query.page * query.pageSize;
  const slice = matching.slice(start, start + query.pageSize);
  const uri = (page: number) => {
    const params = new URLSearchParams({ To: query.to });
    if (query.from !== null) params.set('From', query.from);
    if (query.sentFrom !== null) params.set('DateSent>', new Date(query.sentFrom).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    if (query.sentTo !== null) params.set('DateSent<', new Date(query.sentTo).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    params.set('PageSize', String(query.pageSize));
    params.set('Page', String(page));
    return `/${API_VERSION}/Accounts/${accountSid}/Messages.json?${params.toString()}`;
  };
  return {
    messages: slice.map(messageResource),
    page: query.page,
    page_size: query.pageSize,
    start,
    end: start + Math.max(0, slice.length - 1),
    uri: uri(query.page),
    first_page_uri: uri(0),
    next_page_uri: start + query.pageSize < matching.length ? uri(query.page + 1) : null,
    previous_page_uri: query.page > 0 ? uri(query.page - 1) : null,
  };
}
