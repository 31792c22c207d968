import twilio from 'twilio';

/** What the official client throws for an error response. */
export interface RestError {
  status: number;
  code?: number;
  message: string;
  moreInfo?: string;
}

/** Awaits a call that must fail with a Twilio RestException, and returns it. */
export async function restError(call: Promise<unknown>): Promise<RestError> {
  try {
    await call;
  } catch (err) {
    if (err instanceof twilio.RestException) return err;
    throw err;
  }
  throw new Error('expected the call to fail with a RestException, but it succeeded');
}

/** Asserts that a call fails with the given HTTP status and Twilio code. */
export async function expectRestError(call: Promise<unknown>, status: number, code: number): Promise<RestError> {
  const err = await restError(call);
  expect({ status: err.status, code: err.code }).toEqual({ status, code });
  expect(err.moreInfo).toBe(`https://www.twilio.com/docs/errors/${code}`);
  return err;
}
