import { twilioSignature } from './carrier-wire';

/** The answer to a signed POST: the HTTP status, or null when no answer came (refused, reset, timeout). */
export interface PostOutcome {
  status: number | null;
  error?: string;
}

const TIMEOUT_MS = 15_000;

/** POSTs form fields as a Twilio carrier does: form-encoded, with X-Twilio-Signature over the exact URL. */
export async function postSignedForm(
  url: string,
  params: Record<string, string>,
  authToken: string,
  signal?: AbortSignal,
): Promise<PostOutcome> {
  const timeout = AbortSignal.timeout(TIMEOUT_MS);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        'x-twilio-signature': twilioSignature(authToken, url, params),
        'user-agent': 'TwilioProxy/1.1 (conversations-router simulator)',
      },
      body: new URLSearchParams(params).toString(),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    await response.arrayBuffer().catch(() => undefined);
    return { status: response.status };
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause;
    return { status: null, error: cause?.code ?? (err as Error).name };
  }
}

/** Successful answers end a delivery; anything else is tried again (by the caller's policy). */
export const isSuccess = (outcome: PostOutcome): boolean => outcome.status !== null && outcome.status >= 200 && outcome.status < 300;

/** Waits `ms`, or less when the signal aborts (shutdown). */
export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
