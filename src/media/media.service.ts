import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Readable } from 'node:stream';
import { AppConfig } from '../config/app-config';
import { Errors } from '../common/errors';
import { httpGetStream } from '../common/http-stream';
import { OutboundBlocked, OutboundPolicy } from '../common/outbound-policy';
import type { Principal } from '../common/request-context';
import { isSid, newSid, normalizeSid, SidPrefix } from '../common/sid';
import { TwilioError } from '../common/twilio-error';
import type { MediaItem } from '../messages/messages.types';
import type { Db } from '../prisma/unit-of-work';
import type { ServiceScope } from '../services/services.types';
import { AccountTokens } from '../webhooks/account-tokens';
import { MEDIA_STORAGE, type MediaStorage, MediaTooLarge } from './media-storage';
import { MediaRepository, type MediaRecord } from './media.repository';
import { MultipartError, multipartBoundary, multipartFile } from './multipart-file';

/** A media with the conversation of the message it was sent with (MCS `channel_sid`). */
export type MediaView = MediaRecord & { conversationSid: string | null };

const CATEGORIES = new Set(['media', 'body', 'history']);
/** Inbound carrier media left unattached by a crash of the inbound path: deleted a day later. */
const INBOUND_ORPHAN_AGE_MS = 86_400_000;
/** The author of uploads made with the account's credentials (REST), as Twilio shows it. */
const SYSTEM_AUTHOR = 'system';

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
    body: Readable | null,
    contentType: string | undefined,
    filename: string | null,
    category: string | undefined,
  ): Promise<MediaView> {
    this.checkChatUser(scope, principal);
    const kind = category ?? 'media';
    if (!CATEGORIES.has(kind)) throw Errors.invalidParameter(`Category must be one of media, body, history, not '${kind}'`);
    let content = body;
    let type = contentType?.split(';')[0].trim();
    const boundary = multipartBoundary(contentType);
    if (boundary && body) {
      // A browser's FormData upload: the file is the form's file part, with its own type and name.
      try {
        const file = await multipartFile(body, boundary);
        ({ content } = file);
        type = file.contentType.split(';')[0].trim();
        filename ??= file.filename;
      } catch (err) {
        if (err instanceof MultipartError) throw Errors.invalidParameter(`Invalid multipart/form-data upload: ${err.message}`);
        throw err;
      }
    } else if (type?.toLowerCase() === 'multipart/form-data') {
      throw Errors.invalidParameter('A multipart/form-data upload needs its boundary parameter');
    }
    if (!content || !type || !CONTENT_TYPE.test(type) || type === 'application/x-www-form-urlencoded') {
      throw new TwilioError(
        50511,
        400,
        `Invalid message media content type '${contentType ?? ''}': send the file's own Content-Type, e.g. image/jpeg`,
      );
    }
    const media = await this.store(
      scope.accountSid,
      scope.serviceSid,
      content,
      type,
      filename,
      principal.chatUser?.identity ?? SYSTEM_AUTHOR,
      kind,
    );
    return { ...media, conversationSid: null };
  }

  /** One media as the caller may see it: a chat user sees their uploads and the media of conversations they are in. */
  async fetch(scope: ServiceScope, principal: Principal, sid: string): Promise<MediaView> {
    const [media] = await this.fetchMany(scope, principal, [sid]);
    if (!media) throw Errors.notFound(`/v1/Services/${scope.serviceSid}/Media/${sid}`);
    return media;
  }

  /** Those of the media the caller may see (MCS MediaSet), each with the conversation of its message. */
  async fetchMany(scope: ServiceScope, principal: Principal, sids: string[]): Promise<MediaView[]> {
    this.checkChatUser(scope, principal);
    const wanted = sids.map(normalizeSid).filter((sid) => isSid(sid, SidPrefix.Media));
    if (!wanted.length) return [];
    const rows = await this.media.findMany(scope.accountSid, scope.serviceSid, wanted);
    const conversations = await this.media.conversationsOf(rows.flatMap((m) => (m.messageSid ? [m.messageSid] : [])));
    const views = rows.map((m) => ({ ...m, conversationSid: (m.messageSid && conversations.get(m.messageSid)) ?? null }));
    const identity = principal.chatUser?.identity;
    if (identity === undefined) return views;
    // Uploads with account credentials are authored 'system': not a chat user's own, whatever its identity.
    const own = (m: MediaView) => m.author === identity && identity !== SYSTEM_AUTHOR;
    const joined = await this.media.joinedBy(
      scope.serviceSid,
      identity,
      views.flatMap((m) => (m.conversationSid && !own(m) ? [m.conversationSid] : [])),
    );
    return views.filter((m) => own(m) || (m.conversationSid !== null && joined.has(m.conversationSid)));
  }

  async content(media: MediaRecord): Promise<Readable> {
    return this.storage.get(media.storageKey);
  }

  async delete(scope: ServiceScope, principal: Principal, sid: string): Promise<void> {
    const media = await this.fetch(scope, principal, sid);
    if (principal.chatUser && (media.author !== principal.chatUser.identity || media.author === SYSTEM_AUTHOR)) {
      throw Errors.permissionDenied('A chat user may delete only the media they uploaded');
    }
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

  /** Deletes uploads that no message took within `ttlMs` (file and row); returns how many. */
  async sweepOrphans(ttlMs: number, limit = 500): Promise<number> {
    const orphans = await this.media.unattachedBefore(
      new Date(Date.now() - ttlMs),
      new Date(Date.now() - Math.max(ttlMs, INBOUND_ORPHAN_AGE_MS)),
      limit,
    );
    if (!orphans.length) return 0;
    const keys = await this.media.deleteUnattached(orphans.map((m) => m.sid));
    for (const key of keys) await this.storage.delete(key);
    return keys.length;
  }

  /**
   * Deletes (file and row) the media of messages that are gone, checking `limit` attached media
   * after `cursor`; returns how many it deleted and the cursor to go on from (null: start again).
   */
  async sweepOfGoneMessages(cursor: string, limit: number): Promise<{ deleted: number; next: string | null }> {
    const { sids, next } = await this.media.ofGoneMessages(cursor, limit);
    const keys = sids.length ? await this.media.deleteOfGoneMessages(sids) : [];
    for (const key of keys) await this.storage.delete(key);
    return { deleted: keys.length, next };
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
    const media = await this.store(accountSid, serviceSid, response.body, type, null, null, 'media');
    return { sid: media.sid, size: media.size, content_type: media.contentType, filename: media.filename };
  }

  private async store(
    accountSid: string,
    serviceSid: string,
    content: Readable,
    contentType: string,
    filename: string | null,
    author: string | null,
    category: string,
  ): Promise<MediaRecord> {
    const sid = newSid(SidPrefix.Media);
    let size: number;
    try {
      ({ size } = await this.storage.put(sid, content, this.config.media.maxBytes));
    } catch (err) {
      if (err instanceof MediaTooLarge) throw new TwilioError(50512, 413, `Message media size is too large: at most ${err.maxBytes} bytes`);
      if (err instanceof MultipartError) throw Errors.invalidParameter(`Invalid multipart/form-data upload: ${err.message}`);
      throw err;
    }
    try {
      return await this.media.create({ sid, accountSid, serviceSid, contentType, filename, size, storageKey: sid, author, category });
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
