import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Errors } from '../common/errors';
import type { RealtimeSession, UpstreamHandler, UpstreamRequest, UpstreamResponse } from '../realtime/realtime.types';
import { UpstreamRouter } from '../realtime/upstream-router';
import { ErsRegistrationsService, type Registration } from './ers-registrations.service';

const PREFIX = '/v1/registrations';
const JSON_HEADERS = { 'Content-Type': 'application/json' };
const CHANNEL_TYPES = new Set(['fcm', 'apn']);
/** FCM registration ids are ~160 characters, APNs tokens 64 hex digits: room to spare. */
const MAX_ADDRESS = 4096;
const MAX_MESSAGE_TYPES = 50;

/**
 * ERS, tunnelled through the socket (host label `ers.us1.twilio.com`, docs/sdk-wire.md 6):
 * `POST /v1/registrations?productId=ip_messaging` registers the session identity's device token,
 * `DELETE /v1/registrations/{id}` and `DELETE /v1/registrations` `{binding_type, address}` remove it.
 */
@Injectable()
export class ErsRegistrationsHandler implements UpstreamHandler, OnModuleInit, OnModuleDestroy {
  private unregister?: () => void;

  constructor(
    private readonly router: UpstreamRouter,
    private readonly registrations: ErsRegistrationsService,
  ) {}

  onModuleInit(): void {
    this.unregister = this.router.register(PREFIX, this);
  }

  onModuleDestroy(): void {
    this.unregister?.();
  }

  async handle(session: RealtimeSession, request: UpstreamRequest): Promise<UpstreamResponse> {
    const who = { accountSid: session.accountSid, serviceSid: session.serviceSid, identity: session.identity };
    const id = request.path.slice(PREFIX.length).replace(/^\/+/, '');
    if (request.method === 'POST' && !id) {
      const sid = await this.registrations.register(who, parseRegistration(request));
      return { status: 201, headers: JSON_HEADERS, body: { id: sid } };
    }
    if (request.method === 'DELETE' && id) {
      await this.registrations.unregister(who, decodeURIComponent(id));
      return { status: 204 };
    }
    if (request.method === 'DELETE') {
      const body = (request.body ?? {}) as { binding_type?: unknown; address?: unknown };
      if (typeof body.binding_type !== 'string' || !CHANNEL_TYPES.has(body.binding_type)) {
        throw Errors.invalidParameter('binding_type must be fcm or apn');
      }
      if (typeof body.address !== 'string' || !body.address) throw Errors.invalidParameter('address is required');
      await this.registrations.unregisterAddress(who, body.binding_type, body.address);
      return { status: 200, headers: JSON_HEADERS, body: {} };
    }
    throw Errors.methodNotAllowed(request.method, request.path);
  }
}

/** The body the SDK's notifications client posts: `{endpoint_platform, channel_type, version, message_types, data: {registration_id}}`. */
function parseRegistration(request: UpstreamRequest): Registration {
  const product = request.params.productId;
  if (product !== undefined && product !== 'ip_messaging') throw Errors.invalidParameter(`Unknown productId '${String(product)}'`);
  const body = request.body as { channel_type?: unknown; message_types?: unknown; data?: { registration_id?: unknown } } | undefined;
  if (typeof body !== 'object' || body === null) throw Errors.invalidParameter('The body must be a JSON object');
  if (typeof body.channel_type !== 'string' || !CHANNEL_TYPES.has(body.channel_type)) {
    throw Errors.invalidParameter('channel_type must be fcm or apn');
  }
  const address = body.data?.registration_id;
  if (typeof address !== 'string' || !address || address.length > MAX_ADDRESS) {
    throw Errors.invalidParameter(`data.registration_id must be a device token of at most ${MAX_ADDRESS} characters`);
  }
  const types = body.message_types ?? [];
  if (!Array.isArray(types) || types.length > MAX_MESSAGE_TYPES || !types.every((t) => typeof t === 'string' && t.length <= 200)) {
    throw Errors.invalidParameter('message_types must be an array of message type names');
  }
  return { bindingType: body.channel_type as 'fcm' | 'apn', address, messageTypes: pushMessageTypes(types as string[]) };
}

/** The conversation events a binding is pushed, by Twilio's REST names (`new_message`, ...). */
const PUSH_MESSAGE_TYPES = ['new_message', 'added_to_conversation', 'removed_from_conversation'];

/**
 * The SDK names message types as its notifications client routes them (`twilio.conversations.new_message`,
 * also the typing and consumption ones, which are never pushed); the Binding lists the pushable ones
 * as Twilio's REST API shows them.
 */
export function pushMessageTypes(sdkTypes: string[]): string[] {
  const names = new Set(sdkTypes.map((t) => t.slice(t.lastIndexOf('.') + 1)));
  return PUSH_MESSAGE_TYPES.filter((t) => names.has(t));
}
