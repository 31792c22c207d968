import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ProxyAddressesRepository } from './proxy-addresses.repository';

/**
 * Says at start when proxy addresses were shared between accounts before ownership existed (the
 * migration gave each one owner and listed the others in proxy_address_conflicts), until an operator
 * has handled them and deleted the rows.
 */
@Injectable()
export class ProxyAddressConflictsReport implements OnApplicationBootstrap {
  private readonly logger = new Logger(ProxyAddressConflictsReport.name);

  constructor(private readonly proxies: ProxyAddressesRepository) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      const conflicts = await this.proxies.countConflicts();
      if (conflicts > 0) {
        this.logger.warn(
          { conflicts },
          'proxy addresses were used by more than one account before ownership: each now belongs to one; see the proxy_address_conflicts table',
        );
      }
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'could not read proxy_address_conflicts');
    }
  }
}
