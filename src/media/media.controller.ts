import { Controller, Delete, Get, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { AcceptsAccessToken, Public } from '../auth/public.decorator';
import { BasicAuthGuard } from '../auth/basic-auth.guard';
import { Errors } from '../common/errors';
import { CurrentPrincipal, type Principal, type RouterRequest } from '../common/request-context';
import { normalizeSid } from '../common/sid';
import { Scope } from '../services/service-scope.pipe';
import type { ServiceScope } from '../services/services.types';
import { MediaMapper } from './media.mapper';
import { MediaService } from './media.service';
import { parseMediaSetCommand, readJson } from './media-set';

/**
 * Twilio's media service (MCS): upload the raw file with its Content-Type (or a browser's
 * multipart/form-data), `Filename` names it, `Category` says what it is for (media, body, history).
 */
@Controller('v1/Services/:ChatServiceSid/Media')
export class MediaController {
  constructor(
    private readonly media: MediaService,
    private readonly mapper: MediaMapper,
  ) {}

  @Post()
  @AcceptsAccessToken()
  async upload(
    @Scope() scope: ServiceScope,
    @CurrentPrincipal() principal: Principal,
    @Req() request: RouterRequest,
    @Headers('content-type') contentType: string | undefined,
    @Query('Filename') filename: string | undefined,
    @Query('Category') category: string | undefined,
  ) {
    // A form body was parsed as a form: the upload must be the raw file with its own type.
    const body = request.body instanceof Readable ? request.body : null;
    return this.mapper.resource(await this.media.upload(scope, principal, body, contentType, filename ?? null, category));
  }

  @Get(':Sid')
  @AcceptsAccessToken()
  async fetch(@Scope() scope: ServiceScope, @CurrentPrincipal() principal: Principal, @Param('Sid') sid: string) {
    return this.mapper.resource(await this.media.fetch(scope, principal, sid));
  }

  @Delete(':Sid')
  @AcceptsAccessToken()
  @HttpCode(204)
  async delete(@Scope() scope: ServiceScope, @CurrentPrincipal() principal: Principal, @Param('Sid') sid: string): Promise<void> {
    await this.media.delete(scope, principal, sid);
  }
}

/**
 * MCS MediaSet: several media records at once (`{"command":"get","list":[{"media_sid":"ME.."}]}`),
 * the SDK's way to get temporary content URLs; a media the caller may not see is a 404 element.
 */
@Controller('v1/Services/:ChatServiceSid/MediaSet')
export class MediaSetController {
  constructor(
    private readonly media: MediaService,
    private readonly mapper: MediaMapper,
  ) {}

  @Post()
  @AcceptsAccessToken()
  @HttpCode(200)
  async get(@Scope() scope: ServiceScope, @CurrentPrincipal() principal: Principal, @Req() request: RouterRequest) {
    const sids = parseMediaSetCommand(await readJson(request.body));
    const found = new Map((await this.media.fetchMany(scope, principal, sids)).map((m) => [m.sid, m]));
    return Promise.all(
      sids.map(async (sid) => {
        const media = found.get(normalizeSid(sid));
        return media
          ? { code: 200, media_record: await this.mapper.resource(media) }
          : { code: 404, message: `Media ${sid} not found`, media_record: { sid } };
      }),
    );
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
