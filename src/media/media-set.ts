import { Readable } from 'node:stream';
import { Errors } from '../common/errors';

const MAX_BODY_BYTES = 64 * 1024;
/** More than a message can carry (10 media), and what one SDK call asks for at most in practice. */
const MAX_LIST = 100;

/** Reads a small JSON request body (the raw stream the media routes receive). */
export async function readJson(body: unknown): Promise<unknown> {
  if (!(body instanceof Readable)) throw Errors.invalidParameter('The body must be JSON (Content-Type: application/json)');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw Errors.invalidParameter(`The body must be at most ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw Errors.invalidParameter('The body is not valid JSON');
  }
}

/** The media SIDs of an MCS MediaSet command: `{"command":"get","list":[{"media_sid":"ME.."},...]}`. */
export function parseMediaSetCommand(body: unknown): string[] {
  const command = body as { command?: unknown; list?: unknown } | null;
  if (typeof command !== 'object' || command === null || Array.isArray(command))
    throw Errors.invalidParameter('The body must be a JSON object');
  if (command.command !== 'get') throw Errors.invalidParameter(`Unknown MediaSet command '${String(command.command)}': use "get"`);
  if (!Array.isArray(command.list) || !command.list.length)
    throw Errors.invalidParameter('list must be a non-empty array of {"media_sid": "ME..."}');
  if (command.list.length > MAX_LIST) throw Errors.invalidParameter(`list must have at most ${MAX_LIST} entries`);
  return command.list.map((entry: unknown) => {
    const sid = (entry as { media_sid?: unknown } | null)?.media_sid;
    if (typeof sid !== 'string' || !sid) throw Errors.invalidParameter('Each list entry must be {"media_sid": "ME..."}');
    return sid;
  });
}
