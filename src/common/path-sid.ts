import { Errors } from './errors';
import { isSid, normalizeSid, SidPrefix } from './sid';

/** A SID from the path, or 20404 for the path when it is not one of the expected prefix. */
export function pathSid(value: string, prefix: SidPrefix, path: string): string {
  const sid = normalizeSid(value);
  if (!isSid(sid, prefix)) throw Errors.notFound(path);
  return sid;
}
