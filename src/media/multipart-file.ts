import { Readable } from 'node:stream';

/** The file part of a `multipart/form-data` body (RFC 7578), streamed. */
export interface MultipartFile {
  /** The part's own Content-Type (application/octet-stream when it names none). */
  contentType: string;
  filename: string | null;
  content: Readable;
}

export class MultipartError extends Error {}

const MAX_HEADER_BYTES = 16 * 1024;
const MAX_PARTS = 20;

/** The boundary of a `multipart/form-data; boundary=...` Content-Type, or null for another type. */
export function multipartBoundary(contentType: string | undefined): string | null {
  if (!contentType || contentType.split(';')[0].trim().toLowerCase() !== 'multipart/form-data') return null;
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^;\s]{1,70}))/i.exec(contentType);
  return match ? (match[1] ?? match[2]) : null;
}

/**
 * Reads a form body up to its first file part (a part with a filename, or else with a Content-Type)
 * and resolves with that part's bytes as a stream; the rest of the body is read and dropped. Other
 * parts are skipped without being kept. Rejects with MultipartError on a malformed body or no file.
 */
export async function multipartFile(body: AsyncIterable<Buffer>, boundary: string): Promise<MultipartFile> {
  const source = body[Symbol.asyncIterator]();
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  // The first delimiter may open the body without the CRLF before it.
  let buf: Buffer = Buffer.from('\r\n');
  const more = async (): Promise<boolean> => {
    const next = await source.next();
    if (next.done) return false;
    buf = buf.length ? Buffer.concat([buf, next.value]) : next.value;
    return true;
  };
  const need = async (what: string) => {
    if (!(await more())) throw new MultipartError(`the form body ends before ${what}`);
  };

  for (let part = 0; part < MAX_PARTS; part++) {
    let at: number;
    while ((at = buf.indexOf(delimiter)) < 0) {
      // Skipped content is not kept: only what could be the start of a delimiter.
      if (buf.length > delimiter.length) buf = buf.subarray(buf.length - delimiter.length);
      await need('its boundary');
    }
    buf = buf.subarray(at + delimiter.length);
    while (buf.length < 2) await need('a part');
    if (buf[0] === 0x2d && buf[1] === 0x2d) break; // "--": the closing delimiter
    let end: number;
    while ((end = buf.indexOf('\r\n\r\n')) < 0) {
      if (buf.length > MAX_HEADER_BYTES) throw new MultipartError('a form part has too long headers');
      await need('the end of a part header');
    }
    const headers = parseHeaders(buf.subarray(0, end).toString('utf8'));
    buf = buf.subarray(end + 4);
    const disposition = headers.get('content-disposition') ?? '';
    const filename = dispositionParam(disposition, 'filename');
    const type = headers.get('content-type');
    if (filename === null && !type) continue;
    return { contentType: type ?? 'application/octet-stream', filename: filename || null, content: Readable.from(fileBytes()) };
  }
  throw new MultipartError('the form has no file part');

  async function* fileBytes(): AsyncGenerator<Buffer> {
    for (;;) {
      const at = buf.indexOf(delimiter);
      if (at >= 0) {
        if (at > 0) yield buf.subarray(0, at);
        buf = Buffer.alloc(0);
        // Read what follows (other parts, the epilogue) so the request completes.
        while (!(await source.next()).done);
        return;
      }
      if (buf.length > delimiter.length) {
        yield buf.subarray(0, buf.length - delimiter.length);
        buf = buf.subarray(buf.length - delimiter.length);
      }
      if (!(await more())) throw new MultipartError('the form body ends inside its file');
    }
  }
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

/** A parameter of a Content-Disposition value (`filename*=UTF-8''...` preferred over `filename=`). */
function dispositionParam(value: string, name: string): string | null {
  const extended = new RegExp(`;\\s*${name}\\*=(?:UTF-8|utf-8)''([^;]*)`).exec(value);
  if (extended) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // fall back to the plain parameter
    }
  }
  const plain = new RegExp(`;\\s*${name}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, 'i').exec(value);
  if (!plain) return null;
  return plain[1] !== undefined ? plain[1].replace(/\\(.)/g, '$1') : plain[2].trim();
}
