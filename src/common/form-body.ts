import type { FastifyInstance } from 'fastify';
import { Errors } from './errors';

/** Parsed form or query: repeated keys become arrays, single keys stay strings. */
export type FormParams = Record<string, string | string[]>;

export function parseForm(body: string): FormParams {
  const out: FormParams = Object.create(null);
  for (const [key, value] of new URLSearchParams(body)) {
    const seen = out[key];
    if (seen === undefined) out[key] = value;
    else if (Array.isArray(seen)) seen.push(value);
    else out[key] = [seen, value];
  }
  return out;
}

/**
 * Twilio's request bodies: application/x-www-form-urlencoded, PascalCase names with dot paths,
 * arrays as repeated keys. Both `%20` and `+` decode to a space. Malformed UTF-8 is rejected.
 */
export function registerFormBody(fastify: FastifyInstance, bodyLimit: number): void {
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer', bodyLimit }, (_req, body: Buffer, done) => {
    if (hasBrokenUtf8(body)) {
      done(Errors.invalidParameter('Request body is not valid UTF-8: percent-encode UTF-8 bytes'), undefined);
      return;
    }
    done(null, parseForm(body.toString('utf8')));
  });
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function isUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Bytes that are not UTF-8, raw or percent-encoded. Checked on the bytes themselves: after decoding,
 * a broken byte and a U+FFFD the sender really wrote look the same.
 */
function hasBrokenUtf8(body: Buffer): boolean {
  if (!isUtf8(body)) return true;
  const escapes = body.toString('latin1').match(/(?:%[0-9A-Fa-f]{2})+/g) ?? [];
  return escapes.some((run) => !isUtf8(Buffer.from(run.replace(/%/g, ''), 'hex')));
}

/** Query strings follow the same rules as bodies. */
export function queryStringParser(query: string): FormParams {
  return parseForm(query);
}
