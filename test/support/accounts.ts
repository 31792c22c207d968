import type twilio from 'twilio';
import type { RunningRouter } from './router';
import { twilioClient } from './twilio-client';

export interface TestAccount {
  sid: string;
  authToken: string;
  /** The official client authenticated as this account. */
  client: twilio.Twilio;
}

/** The bootstrap root account of the test run (test/env.js). */
export function rootCredentials(): { sid: string; authToken: string } {
  const sid = process.env.BOOTSTRAP_ACCOUNT_SID;
  const authToken = process.env.BOOTSTRAP_AUTH_TOKEN;
  if (!sid || !authToken) throw new Error('BOOTSTRAP_ACCOUNT_SID / BOOTSTRAP_AUTH_TOKEN are not set (test/env.js)');
  return { sid, authToken };
}

export function rootClient(router: RunningRouter): twilio.Twilio {
  const { sid, authToken } = rootCredentials();
  return twilioClient(sid, authToken, { baseUrl: router.baseUrl });
}

let counter = 0;

/**
 * A fresh subaccount of the root account, created through the official client as a Twilio user
 * would (POST /2010-04-01/Accounts.json). Each test uses its own, so tests run in any order.
 */
export async function newAccount(router: RunningRouter, friendlyName = `e2e account ${++counter} ${Date.now()}`): Promise<TestAccount> {
  const created = await rootClient(router).api.v2010.accounts.create({ friendlyName });
  if (!created.authToken) throw new Error('account create did not return an auth token');
  return {
    sid: created.sid,
    authToken: created.authToken,
    client: twilioClient(created.sid, created.authToken, { baseUrl: router.baseUrl }),
  };
}
