import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { TwilioError } from './twilio-error';

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (a request line or headers over the
 * size limit, raw bytes or control characters in the URL or a header, a malformed Content-Length, a
 * client too slow to send its headers) get Twilio's error body too, rather than Fastify's.
 * Used as Fastify's clientErrorHandler; the connection is closed, as Node does.
 */
export function twilioClientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const error = clientError(err.code);
  if (socket.writable) {
    const body = JSON.stringify(error.toJSON());
    // The answer to HEAD has the body's headers but no body: a client reads nothing after them.
    const head = isHeadRequest((err as { rawPacket?: unknown }).rawPacket);
    socket.write(
      `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${head ? '' : body}`,
    );
  }
  socket.destroy();
}

/** Whether the bytes the parser refused (Node's `rawPacket`, from the start of the request) are a HEAD request. */
function isHeadRequest(rawPacket: unknown): boolean {
  return Buffer.isBuffer(rawPacket) && rawPacket.subarray(0, 5).toString('latin1') === 'HEAD ';
}

/** The Twilio error for an error code of Node's HTTP parser (llhttp's HPE_...). */
export function clientError(code: string | undefined): TwilioError {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return new TwilioError(20001, 431, 'Request line or headers too large: keep the URL and headers under 16 KiB');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new TwilioError(20001, 408, 'Request timeout: the request did not arrive in time');
    case 'HPE_INVALID_CONTENT_LENGTH':
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
      return new TwilioError(20001, 400, 'Malformed request: invalid Content-Length');
    case 'HPE_INVALID_URL':
      return new TwilioError(20001, 400, 'Malformed request: the URL holds characters that must be percent-encoded');
    default:
      return new TwilioError(20001, 400, 'Malformed HTTP request');
  }
}
