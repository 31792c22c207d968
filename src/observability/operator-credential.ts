import { createHash, timingSafeEqual } from 'node:crypto';

export type OperatorCheck = 'ok' | 'missing' | 'wrong';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Checks an Authorization header against OPERATOR_TOKEN: `Bearer <token>` (Prometheus'
 * `authorization` / `bearer_token`), or Basic with the token as password and any user name (a
 * browser's prompt for the queue dashboard, Prometheus' `basic_auth`). Compared in constant time.
 */
export function checkOperator(header: string | undefined, token: string): OperatorCheck {
  const presented = presentedToken(header);
  if (presented === undefined) return 'missing';
  return timingSafeEqual(digest(presented), digest(token)) ? 'ok' : 'wrong';
}

function presentedToken(header: string | undefined): string | undefined {
  const match = /^\s*(bearer|basic)\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  if (match[1].toLowerCase() === 'bearer') return match[2];
  const decoded = Buffer.from(match[2], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}
