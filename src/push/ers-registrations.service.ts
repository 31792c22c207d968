import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Errors } from '../common/errors';
import { PushBindingsRepository } from './push-bindings.repository';
import { PushReachability } from './push-reachability';

/** Who registers: the chat user of a realtime session. */
export interface Registrant {
  accountSid: string;
  serviceSid: string;
  identity: string;
}

export interface Registration {
  bindingType: 'fcm' | 'apn';
  /** The device token (FCM registration id, APNs device token). */
  address: string;
  messageTypes: string[];
}

/**
 * Push registrations of the chat SDKs (Twilio's ERS): each is a push Binding of the registering
 * identity, one per device token and type in a service. Sending the pushes is not done here.
 */
@Injectable()
export class ErsRegistrationsService {
  constructor(
    private readonly bindings: PushBindingsRepository,
    private readonly reachability: PushReachability,
  ) {}

  /** The binding's SID; registering the same token again gives the same binding. */
  async register(who: Registrant, registration: Registration): Promise<string> {
    const { sid, previousIdentity } = await this.bindings.register({
      ...who,
      bindingType: registration.bindingType,
      // Twilio's endpoint is opaque and unique per device: here a digest of the token.
      endpoint: createHash('sha256').update(`${registration.bindingType}:${registration.address}`).digest('hex').slice(0, 32),
      address: registration.address,
      messageTypes: registration.messageTypes,
    });
    await this.reachability.reconcile(who.serviceSid, who.identity);
    if (previousIdentity !== null && previousIdentity !== who.identity) await this.reachability.reconcile(who.serviceSid, previousIdentity);
    return sid;
  }

  /** Deletes one of the identity's own registrations; a registration of another identity is not found. */
  async unregister(who: Registrant, sid: string): Promise<void> {
    if (!(await this.bindings.deleteOwn(who.serviceSid, who.identity, sid))) throw Errors.notFound(`/v1/registrations/${sid}`);
    await this.reachability.reconcile(who.serviceSid, who.identity);
  }

  /** Deletes the identity's own registrations of a device token. */
  async unregisterAddress(who: Registrant, bindingType: string, address: string): Promise<void> {
    if (!(await this.bindings.deleteOwnAddress(who.serviceSid, who.identity, bindingType, address))) {
      throw Errors.notFound('/v1/registrations');
    }
    await this.reachability.reconcile(who.serviceSid, who.identity);
  }
}
