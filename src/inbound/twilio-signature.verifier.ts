import { Injectable, Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import twilio from 'twilio';
import { AppConfig } from '../config/app-config';
import { TwilioError } from '../common/twilio-error';

/** What the check reads of a request: its path with query, its headers and its parsed form. */
export type SignedRequest = Pick<FastifyRequest, 'url' | 'headers' | 'body'>;

/**
 * Carrier webhooks must carry a valid X-Twilio-Signature: HMAC-SHA1 with TWILIO_AUTH_TOKEN over
 * PUBLIC_URL + path (+ query) and the sorted form fields. Fails closed when the token is unset.
 */
@Injectable()
export class TwilioSignatureVerifier {
  private readonly logger = new Logger(TwilioSignatureVerifier.name);

  constructor(private readonly config: AppConfig) {}

  /** Throws Twilio's 403 (code 20003) unless the request is signed with the auth token. */
  verify(request: SignedRequest): void {
    const token = this.config.twilio.authToken;
    const header = request.headers['x-twilio-signature'];
    const signature = Array.isArray(header) ? header[0] : header;
    const url = this.config.publicUrl + request.url;
    const params = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, string>;
    if (!token) {
      this.logger.error('TWILIO_AUTH_TOKEN is not set: carrier webhooks are refused');
    } else if (
      signature &&
      (matches(signature, twilio.getExpectedTwilioSignature(token, url, params)) || twilio.validateRequest(token, signature, url, params))
    ) {
      // The URL exactly as configured first (one HMAC); then the package's variants (port, escaping).
      return;
    }
    throw new TwilioError(
      20003,
      403,
      'Twilio Request Validation Failed: X-Twilio-Signature does not match PUBLIC_URL and TWILIO_AUTH_TOKEN',
    );
  }
}

function matches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
