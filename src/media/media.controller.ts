import { Controller, Delete, Get, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { AppConfig } from '../config/app-config';
import { AcceptsAccessToken, Public } from '../auth/public.decorator';
import { BasicAuthGuard } from '../auth/basic-auth.guard';
import { Errors } from '../common/errors';
import { CurrentPrincipal, type Principal, type RouterRequest } from '../common/request-context';
import { isoDate } from '../common/wire-format';
import { Scope } from '../services/service-scope.pipe';
import type { ServiceScope } from '../services/services.types';
import type { MediaRecord } from './media.repository';
import { MediaService } from './media.service';

/** Twilio's media service (MCS): upload the raw file with its Content-Type; `Filename` names it. */
@Controller('v1/Services/:ChatServiceSid/Media')
export class MediaController {
  constructor(
    private readonly media: MediaService,
    private readonly config: AppConfig,
  ) {}

  @Post()
  @AcceptsAccessToken()
  async upload(
    @Scope() scope: ServiceScope,
    @CurrentPrincipal() principal: Principal,
    @Req() request: RouterRequest,
    @Headers('content-type') contentType: string | undefined,
    @Query('Filename') filename: string | undefined,
  ) {
    // A form body was parsed as a form: the upload must be the raw file with its own type.
    const body = request.body instanceof Readable ? request.body : null;
    return this.resource(await this.media.upload(scope, principal, body, contentType, filename ?? null));
  }

  @Get(':Sid')
  @AcceptsAccessToken()
  async fetch(@Scope() scope: ServiceScope, @CurrentPrincipal() principal: Principal, @Param('Sid') sid: string) {
    return this.resource(await this.media.fetch(scope, principal, sid));
  }

  @Delete(':Sid')
  @AcceptsAccessToken()
  @HttpCode(204)
  async delete(@Scope() scope: ServiceScope, @CurrentPrincipal() principal: Principal, @Param('Sid') sid: string): Promise<void> {
    await this.media.delete(scope, principal, sid);
  }

  private resource(m: MediaRecord) {
    const url = `${this.config.publicUrl}/v1/Services/${m.serviceSid}/Media/${m.sid}`;
    return {
      sid: m.sid,
      account_sid: m.accountSid,
      service_sid: m.serviceSid,
      date_created: isoDate(m.dateCreated),
      date_upload_updated: isoDate(m.dateCreated),
      date_updated: isoDate(m.dateUpdated),
      links: { content: `${url}/Content`, content_direct_temporary: `${url}/Content` },
      size: m.size,
      content_type: m.contentType,
      filename: m.filename,
      author: m.author,
      category: 'media',
      message_sid: m.messageSid,
      channel_sid: null,
      url,
    };
  }
}

/**
 * The bytes of a media: for carriers through a signed, expiring URL (Expires, Signature), for
 * everyone else with Basic auth or an access token.
 */
@Controller('v1/Services/:ChatServiceSid/Media/:Sid/Content')
@Public()
export class MediaContentController {
  constructor(
    private readonly media: MediaService,
    private readonly basicAuth: BasicAuthGuard,
  ) {}

  @Get()
  async content(
    @Req() request: RouterRequest,
    @Res() reply: FastifyReply,
    @Param('ChatServiceSid') serviceSid: string,
    @Param('Sid') sid: string,
    @Query('Expires') expires: string | undefined,
    @Query('Signature') signature: string | undefined,
  ): Promise<void> {
    let media = signature ? await this.media.bySignature(sid, expires, signature) : null;
    if (signature && !media) throw Errors.permissionDenied('The media URL signature is invalid or has expired');
    if (!media) {
      const principal = await this.basicAuth.authenticate(request, { acceptAccessToken: true });
      media = await this.media.fetch({ accountSid: principal.accountSid, serviceSid, scoped: true }, principal, sid);
    }
    if (media.serviceSid !== serviceSid) throw Errors.notFound(request.url.split('?')[0]);
    await reply
      .header('content-type', media.contentType)
      .header('content-length', String(media.size))
      .header('cache-control', 'private, max-age=300')
      .send(await this.media.content(media));
  }
}
