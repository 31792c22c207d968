import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Readable } from 'node:stream';
import { AppConfig } from '../config/app-config';
import { Errors } from '../common/errors';
import { httpGetStream } from '../common/http-stream';
import { OutboundBlocked, OutboundPolicy } from '../common/outbound-policy';
import type { Principal } from '../common/request-context';
import { newSid, SidPrefix } from '../common/sid';
import { TwilioError } from '../common/twilio-error';
import type { MediaItem } from '../messages/messages.types';
import type { Db } from '../prisma/unit-of-work';
import type { ServiceScope } from '../services/services.types';
import { AccountTokens } from '../webhooks/account-tokens';
import { MEDIA_STORAGE, type MediaStorage, MediaTooLarge } from './media-storage';
import { MediaRepository, type MediaRecord } from './media.repository';

/** Twilio allows up to 10 media per message. */
export const MAX_MEDIA_PER_MESSAGE = 10;
const CONTENT_TYPE = /^[A-Za-z0-9][\w.+-]*\/[\w.+-]+$/;
const INBOUND_FETCH_TIMEOUT_MS = 10_000;
/** Twilio's media URLs redirect once, to the file's storage. */
const INBOUND_FETCH_REDIRECTS = 3;

/**
 * Media of a service (ME): uploads (Basic auth or a chat user's access token, as Twilio's media
 * service), message attachments, signed expiring URLs for carriers, inbound MMS/WhatsApp media.
 */
@Injectable()
export class MediaService {
  private readonly logger = new Logger(MediaService.name);

  constructor(
    private readonly media: MediaRepository,
    @Inject(MEDIA_STORAGE) private readonly storage: MediaStorage,
    private readonly tokens: AccountTokens,
    private readonly config: AppConfig,
    private readonly outbound: OutboundPolicy,
  ) {}

  async upload(
    scope: ServiceScope,
    principal: Principal,
    content: Readable | null,
    contentType: string | undefined,
    filename: string | null,
  ): Promise<MediaRecord> {
    this.checkChatUser(scope, principal);
    const type = contentType?.split(';')[0].trim();
    if (!content || !type || !CONTENT_TYPE.test(type) || type === 'application/x-www-form-urlencoded') {
      throw new TwilioError(
        50511,
        400,
        `Invalid message media content type '${contentType ?? ''}': send the file's own Content-Type, e.g. image/jpeg`,
      );
    }
    return this.store(scope.accountSid, scope.serviceSid, content, type, filename, principal.chatUser?.identity ?? 'system');
  }

  async fetch(scope: ServiceScope, principal: Principal, sid: string): Promise<MediaRecord> {
    this.checkChatUser(scope, principal);
    const media = await this.media.find(scope.accountSid, scope.serviceSid, sid);
    if (!media) throw Errors.notFound(`/v1/Services/${scope.serviceSid}/Media/${sid}`);
    return media;
  }

  async content(media: MediaRecord): Promise<Readable> {
    return this.storage.get(media.storageKey);
  }

  async delete(scope: ServiceScope, principal: Principal, sid: string): Promise<void> {
    const media = await this.fetch(scope, principal, sid);
    await this.media.delete(media.sid);
    await this.storage.delete(media.storageKey);
  }

  /** The media a new message carries: uploads of its service, not yet sent with another message. */
  async forMessage(db: Db, serviceSid: string, sids: string[]): Promise<{ items: MediaItem[]; sids: string[] }> {
    if (sids.length > MAX_MEDIA_PER_MESSAGE) throw new TwilioError(21623, 400, `A message carries at most ${MAX_MEDIA_PER_MESSAGE} media`);
    const unique = [...new Set(sids)];
    const rows = new Map((await this.media.lockForMessage(db, serviceSid, unique)).map((m) => [m.sid, m]));
    const items: MediaItem[] = [];
    for (const sid of unique) {
      const media = rows.get(sid);
      if (!media) throw new TwilioError(50507, 404, `Media ${sid} not found in service ${serviceSid}`);
      if (media.messageSid) throw new TwilioError(50508, 409, `Media ${sid} was already sent with message ${media.messageSid}`);
      items.push({ sid: media.sid, size: media.size, content_type: media.contentType, filename: media.filename });
    }
    return { items, sids: unique };
  }

  attach(db: Db | null, sids: string[], messageSid: string): Promise<void> {
    return this.media.attach(db, sids, messageSid);
  }

  /** A URL carriers fetch without credentials, valid for MEDIA_URL_TTL: HMAC with the account's auth token. */
  async signedUrl(media: Pick<MediaRecord, 'sid' | 'serviceSid' | 'accountSid'>): Promise<string> {
    const expires = Math.floor((Date.now() + this.config.media.urlTtlMs) / 1000);
    const token = (await this.tokens.of(media.accountSid)) ?? '';
    return `${this.config.publicUrl}/v1/Services/${media.serviceSid}/Media/${media.sid}/Content?Expires=${expires}&Signature=${sign(token, media.sid, expires)}`;
  }

  /** The media a signed URL names, when the signature holds and has not expired. */
  async bySignature(sid: string, expires: string | undefined, signature: string | undefined): Promise<MediaRecord | null> {
    const at = Number(expires);
    if (!signature || !Number.isInteger(at) || at * 1000 < Date.now()) return null;
    const media = await this.media.findBySid(sid);
    if (!media) return null;
    const expected = Buffer.from(sign((await this.tokens.of(media.accountSid)) ?? '', media.sid, at));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given) ? media : null;
  }

  /** Deletes media stored for an inbound message that was not stored after all (nothing half-written). */
  async discard(sids: string[]): Promise<void> {
    if (!sids.length) return;
    for (const key of await this.media.deleteUnattached(sids)) await this.storage.delete(key);
  }

  /**
   * Fetches an inbound carrier media URL (Basic auth with the carrier's credentials, never sent to
   * another origin) and stores it. The URL and its redirects go only where OUTBOUND_ALLOW_HOSTS lets
   * them (a refused one is a 400: retrying cannot help); other failures throw, so the carrier retries.
   */
  async storeInbound(
    accountSid: string,
    serviceSid: string,
    url: string,
    contentType: string | null,
    auth: { username: string; password: string } | null,
  ): Promise<MediaItem> {
    let response;
    try {
      response = await httpGetStream({
        url: new URL(url),
        headers: auth ? { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` } : {},
        timeoutMs: INBOUND_FETCH_TIMEOUT_MS,
        policy: this.outbound,
        maxRedirects: INBOUND_FETCH_REDIRECTS,
        maxBytes: this.config.media.maxBytes,
      });
    } catch (err) {
      if (err instanceof OutboundBlocked) {
        throw new TwilioError(20001, 400, `MediaUrl ${new URL(url).origin} is not an allowed destination: ${err.reason}`);
      }
      if ((err as { code?: string }).code === 'EBODYTOOLARGE') {
        throw new TwilioError(50512, 413, `Message media size is too large: at most ${this.config.media.maxBytes} bytes`);
      }
      throw err;
    }
    if (response.statusCode < 200 || response.statusCode >= 300) {
      response.body.resume();
      throw new Error(`inbound media ${new URL(url).pathname} answered ${response.statusCode}`);
    }
    const header = response.headers['content-type'];
    const type = (contentType ?? header ?? 'application/octet-stream').split(';')[0].trim();
    const media = await this.store(accountSid, serviceSid, response.body, type, null, null);
    return { sid: media.sid, size: media.size, content_type: media.contentType, filename: media.filename };
  }

  private async store(
    accountSid: string,
    serviceSid: string,
    content: Readable,
    contentType: string,
    filename: string | null,
    author: string | null,
  ): Promise<MediaRecord> {
    const sid = newSid(SidPrefix.Media);
    let size: number;
    try {
      ({ size } = await this.storage.put(sid, content, this.config.media.maxBytes));
    } catch (err) {
      if (err instanceof MediaTooLarge) throw new TwilioError(50512, 413, `Message media size is too large: at most ${err.maxBytes} bytes`);
      throw err;
    }
    try {
      return await this.media.create({ sid, accountSid, serviceSid, contentType, filename, size, storageKey: sid, author });
    } catch (err) {
      await this.storage.delete(sid);
      throw err;
    }
  }

  /** A chat user's token works only in the service its grant names. */
  private checkChatUser(scope: ServiceScope, principal: Principal): void {
    const grant = principal.chatUser?.serviceSid;
    if (principal.chatUser && grant !== scope.serviceSid) {
      throw Errors.permissionDenied(`This access token's grant is for service ${grant ?? '(none)'}, not ${scope.serviceSid}`);
    }
  }
}

const sign = (token: string, sid: string, expires: number) => createHmac('sha256', token).update(`${sid}:${expires}`).digest('base64url');
