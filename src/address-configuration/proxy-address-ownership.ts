import { Injectable } from '@nestjs/common';
import { Errors } from '../common/errors';
import type { TwilioError } from '../common/twilio-error';
import type { Db } from '../prisma/unit-of-work';
import { ProxyAddressesRepository } from './proxy-addresses.repository';

/**
 * The one rule every use of a proxy address passes (a binding, a projected address, an Address
 * Configuration, router settings): an address belongs to the first account that configures or uses
 * it, and to no other. Runs inside the caller's transaction, so that the use and the claim commit
 * together.
 */
@Injectable()
export class ProxyAddressOwnership {
  constructor(private readonly proxies: ProxyAddressesRepository) {}

  /**
   * Claims the address for the account when it has no owner; refuses it (50413, or the given error)
   * when another account owns it, without saying which.
   */
  async claim(
    db: Db,
    accountSid: string,
    address: string,
    refusal: (address: string) => TwilioError = Errors.proxyAddressNotAuthorized,
  ): Promise<void> {
    if ((await this.proxies.claim(db, accountSid, address)) !== accountSid) throw refusal(address);
  }
}
