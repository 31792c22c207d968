import twilio from 'twilio';
import type { RunningRouter } from './router';

/** Posts an inbound carrier webhook to the router (or, with `path`, a status callback), signed as Twilio does with TWILIO_AUTH_TOKEN. */
export async function postInbound(
  router: RunningRouter,
  fields: Record<string, string>,
  options: { authToken?: string; signature?: string; path?: string } = {},
): Promise<{ status: number; body: string; contentType: string | null }> {
  const url = `${router.baseUrl}${options.path ?? '/webhooks/twilio/messaging'}`;
  const params = { AccountSid: process.env.TWILIO_ACCOUNT_SID ?? '', ApiVersion: '2010-04-01', NumMedia: '0', ...fields };
  const signature =
    options.signature ?? twilio.getExpectedTwilioSignature(options.authToken ?? process.env.TWILIO_AUTH_TOKEN ?? '', url, params);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    body: new URLSearchParams(params),
  });
  return { status: response.status, body: await response.text(), contentType: response.headers.get('content-type') };
}

let counter = 0;
/** A carrier message SID that no other test uses. */
export const carrierSid = (prefix = 'SM') =>
  `${prefix}${Date.now().toString(16).padStart(16, '0')}${(++counter).toString(16).padStart(16, '0')}`;
