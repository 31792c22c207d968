/**
 * Twilsock v3 framing, as the `twilsock` client (1.0.2, parser.js) writes and reads it: one websocket
 * message per frame,
 *
 *   "TWILSOCK V3.0 <header bytes>\r\n" <header JSON> "\r\n" <payload of header.payload_size bytes>
 *
 * Pure functions: no I/O, no state. Parsing is strict where the client is exact (lengths in bytes,
 * UTF-8, the CRLF after the header) so that a frame whose lengths lie is refused, not guessed at.
 */

const PREAMBLE = /^TWILSOCK V(\d+\.\d+) (0|[1-9]\d{0,8})$/;
const SUPPORTED_VERSION = '3.0';
const CRLF = Buffer.from('\r\n');
/** The preamble is "TWILSOCK V3.0 " and a length: anything longer before the CRLF is not a frame. */
const MAX_PREAMBLE_BYTES = 32;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A frame's header: always an object with an id and a method, other fields per method. */
export interface TwilsockHeader {
  id: string;
  method: string;
  payload_size?: number;
  payload_type?: string;
  [field: string]: unknown;
}

export interface TwilsockFrame {
  header: TwilsockHeader;
  /** The payload's raw bytes (empty when payload_size is 0). */
  payload: Buffer;
}

export type FrameProblem =
  | 'bad-preamble'
  | 'unsupported-version'
  | 'header-too-large'
  | 'header-length-mismatch'
  | 'header-not-json'
  | 'header-not-object'
  | 'missing-id-or-method'
  | 'bad-payload-size'
  | 'payload-length-mismatch';

/** A frame that cannot be read. `problem` is stable (tests, metrics); the message is for people. */
export class TwilsockFrameError extends Error {
  constructor(
    readonly problem: FrameProblem,
    message: string,
  ) {
    super(message);
    this.name = 'TwilsockFrameError';
  }
}

export interface ParseLimits {
  /** Largest header accepted, in bytes. */
  maxHeaderBytes: number;
}

/** Reads one frame. Throws TwilsockFrameError for anything the client would not have written. */
export function parseFrame(data: Buffer, limits: ParseLimits): TwilsockFrame {
  const eol = data.subarray(0, MAX_PREAMBLE_BYTES + CRLF.length).indexOf(CRLF);
  if (eol < 0) throw new TwilsockFrameError('bad-preamble', 'a frame starts with "TWILSOCK V3.0 <header length>" and CRLF');
  const preamble = PREAMBLE.exec(data.subarray(0, eol).toString('latin1'));
  if (!preamble) throw new TwilsockFrameError('bad-preamble', 'a frame starts with "TWILSOCK V3.0 <header length>" and CRLF');
  if (preamble[1] !== SUPPORTED_VERSION) {
    throw new TwilsockFrameError('unsupported-version', `Twilsock V${preamble[1]} is not supported; use V${SUPPORTED_VERSION}`);
  }
  const headerLength = Number(preamble[2]);
  if (headerLength > limits.maxHeaderBytes) {
    throw new TwilsockFrameError('header-too-large', `the header is ${headerLength} bytes; at most ${limits.maxHeaderBytes} are accepted`);
  }
  const headerStart = eol + CRLF.length;
  const headerEnd = headerStart + headerLength;
  if (headerEnd > data.length) {
    throw new TwilsockFrameError('header-length-mismatch', `the preamble announces ${headerLength} header bytes; the frame is shorter`);
  }
  // The client always writes CRLF after the header, even without a payload.
  if (headerEnd !== data.length && !data.subarray(headerEnd, headerEnd + CRLF.length).equals(CRLF)) {
    throw new TwilsockFrameError('header-length-mismatch', `no CRLF after the ${headerLength} header bytes the preamble announces`);
  }
  const header = decodeHeader(data.subarray(headerStart, headerEnd));

  const payloadSize = header.payload_size ?? 0;
  if (!Number.isSafeInteger(payloadSize) || payloadSize < 0) {
    throw new TwilsockFrameError('bad-payload-size', 'payload_size must be a non-negative integer');
  }
  const payloadStart = Math.min(headerEnd + CRLF.length, data.length);
  const available = data.length - payloadStart;
  if (available !== payloadSize) {
    throw new TwilsockFrameError('payload-length-mismatch', `payload_size is ${payloadSize} but ${available} payload bytes follow`);
  }
  return { header, payload: data.subarray(payloadStart) };
}

function decodeHeader(bytes: Buffer): TwilsockHeader {
  let header: unknown;
  try {
    header = JSON.parse(utf8.decode(bytes));
  } catch {
    throw new TwilsockFrameError('header-not-json', 'the header is not UTF-8 JSON');
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) {
    throw new TwilsockFrameError('header-not-object', 'the header must be a JSON object');
  }
  const { id, method, payload_size } = header as Record<string, unknown>;
  if (typeof id !== 'string' || id === '' || typeof method !== 'string' || method === '') {
    throw new TwilsockFrameError('missing-id-or-method', 'the header needs a string "id" and "method"');
  }
  if (payload_size !== undefined && typeof payload_size !== 'number') {
    throw new TwilsockFrameError('bad-payload-size', 'payload_size must be a non-negative integer');
  }
  return header as TwilsockHeader;
}

/**
 * Writes one frame. `payload_size` is set from the payload; everything else in the header is the
 * caller's. Objects are sent as JSON, strings as they are.
 */
export function serializeFrame(header: Omit<TwilsockHeader, 'payload_size'>, payload?: string | Buffer | object): Buffer {
  const body =
    payload === undefined
      ? Buffer.alloc(0)
      : Buffer.isBuffer(payload)
        ? payload
        : Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload), 'utf8');
  const headerBytes = Buffer.from(JSON.stringify({ ...header, payload_size: body.length }), 'utf8');
  return Buffer.concat([Buffer.from(`TWILSOCK V${SUPPORTED_VERSION} ${headerBytes.length}\r\n`, 'latin1'), headerBytes, CRLF, body]);
}

/**
 * A payload read as the client reads it: JSON when `payload_type` is absent or application/json,
 * text for text/*, the raw bytes otherwise; `undefined` when there is none. Throws SyntaxError on
 * a JSON payload that does not parse (or is not UTF-8).
 */
export function decodePayload(frame: TwilsockFrame): unknown {
  if (frame.payload.length === 0) return undefined;
  const type = (frame.header.payload_type ?? 'application/json').toLowerCase();
  if (type.startsWith('application/json')) {
    let text: string;
    try {
      text = utf8.decode(frame.payload);
    } catch {
      throw new SyntaxError('the payload is not UTF-8');
    }
    return JSON.parse(text);
  }
  if (type.startsWith('text/')) return frame.payload.toString('utf8');
  return frame.payload;
}
