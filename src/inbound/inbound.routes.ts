import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ChannelRegistry } from '../channels/channel-registry';
import { carrierField, carrierInt, carrierSid, carrierText } from '../channels/twilio/carrier-fields';
import { parseChannelAddress } from '../common/channel-address';
import { Errors } from '../common/errors';
import type { FormParams } from '../common/form-body';
import { DeliveryStatusService } from '../delivery/delivery-status.service';
import { MAX_MEDIA_PER_MESSAGE } from '../media/media.service';
import { InboundService } from './inbound.service';
import type { InboundMessage } from './inbound.types';
import { TwilioSignatureVerifier } from './twilio-signature.verifier';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';
/** Bounded by the request body limit (1 MiB) anyway; this keeps a carrier's message whole. */
const BODY_LIMIT = 1024 * 1024;

/**
 * Carrier webhooks, signed with X-Twilio-Signature. The answer is 200 with empty TwiML only once the
 * message is committed; anything else is a 5xx, so that the carrier retries.
 *
 * These two routes carry a request per message in and two per message out (status callbacks), so
 * they are Fastify routes rather than a Nest controller: Nest's guard, pipe and interceptor chain
 * cost about a tenth of the webhook's CPU for nothing these routes use. What they share with the
 * rest of the API stays shared: the form-body parser, the request log line, and the error handler
 * (Nest's, with the Twilio exception filter), which renders whatever a handler throws.
 */
@Injectable()
export class InboundRoutes implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly signature: TwilioSignatureVerifier,
    private readonly inbound: InboundService,
    private readonly statuses: DeliveryStatusService,
    private readonly channels: ChannelRegistry,
  ) {}

  /**
   * Nest calls this during `app.init()`, after registering its own routes and before Fastify is
   * made ready by `listen` (or `init`): the last moment routes can be added. The worker process
   * has no HTTP adapter and serves no routes.
   */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    fastify.post('/webhooks/twilio/messaging', (request, reply) => this.messaging(request, reply));
    fastify.post('/webhooks/twilio/status', (request, reply) => this.status(request, reply));
  }

  private async messaging(request: FastifyRequest, reply: FastifyReply): Promise<string> {
    this.signature.verify(request);
    await this.inbound.receive(readInbound(request.body as FormParams));
    return twiml(reply);
  }

  private async status(request: FastifyRequest, reply: FastifyReply): Promise<string> {
    this.signature.verify(request);
    const update = this.channels.adapter('twilio').parseStatusCallback((request.body as FormParams) ?? {});
    if (update) await this.statuses.callback(update);
    return twiml(reply);
  }
}

function twiml(reply: FastifyReply): string {
  void reply.header('content-type', 'text/xml; charset=utf-8');
  return EMPTY_TWIML;
}

/** Twilio's inbound fields: From, To, Body, MessageSid (SmsMessageSid, SmsSid), NumMedia, MediaUrlN, MediaContentTypeN. */
function readInbound(form: FormParams): InboundMessage {
  const address = (name: 'From' | 'To') => {
    const raw = carrierText(form, name, 256);
    if (!raw) throw Errors.invalidParameter(`${name} is required`);
    const parsed = parseChannelAddress(raw, { allowShortCode: true });
    if ('error' in parsed) throw Errors.invalidParameter(`${name} ${parsed.error}`);
    return parsed.address.value;
  };
  const messageSid = carrierSid(form, ['MessageSid', 'SmsMessageSid', 'SmsSid']);
  if (!messageSid) throw Errors.invalidParameter('MessageSid is required');
  const numMedia = Math.min(carrierInt(carrierField(form, 'NumMedia'), Number.MAX_SAFE_INTEGER) ?? 0, MAX_MEDIA_PER_MESSAGE);
  const media = Array.from({ length: numMedia }, (_, i) => {
    const url = carrierText(form, `MediaUrl${i}`, MAX_MEDIA_URL_LENGTH) ?? '';
    if (url && !isHttpUrl(url)) throw Errors.invalidParameter(`MediaUrl${i} must be an http(s) URL`);
    return { url, contentType: carrierText(form, `MediaContentType${i}`, 255) ?? null };
  }).filter((m) => m.url);
  return { messageSid, from: address('From'), to: address('To'), body: carrierText(form, 'Body', BODY_LIMIT) ?? '', media };
}

const MAX_MEDIA_URL_LENGTH = 2048;

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
