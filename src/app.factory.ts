import { DynamicModule, Logger as NestLogger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { ApiModule } from './api.module';
import { AppConfig } from './config/app-config';
import { useLeanAsyncResourceBind } from './common/async-resource-bind';
import { twilioClientErrorHandler } from './common/client-errors';
import { parseForm, registerFormBody } from './common/form-body';
import { OutboundPolicy } from './common/outbound-policy';
import { TwilioParamsPipe } from './common/params/twilio-params.pipe';
import { toTwilioError, TwilioExceptionFilter } from './common/twilio-exception.filter';
import { TwilioError } from './common/twilio-error';
import { PinoLogger } from './logging/pino-logger';
import { registerHttpMetrics } from './observability/http-metrics';
import { RouterMetrics } from './observability/router-metrics';
import { registerRequestLogging } from './logging/request-logging';
import { WorkerModule } from './worker.module';

export type Role = 'all' | 'api';

const BODY_LIMIT = 1024 * 1024;
/** Routes that read their body themselves: media uploads (any type) and MCS MediaSet (JSON). */
const RAW_BODY_ROUTES = new Set(['/v1/Services/:ChatServiceSid/Media', '/v1/Services/:ChatServiceSid/MediaSet']);
const routingLogger = new NestLogger('Routing');

@Module({})
class RouterModule {
  static forRole(role: Role): DynamicModule {
    return { module: RouterModule, imports: role === 'all' ? [ApiModule, WorkerModule] : [ApiModule] };
  }
}

/**
 * The HTTP application with Twilio's wire rules: form bodies and query strings with repeated keys,
 * one parameter pipe, one error shape. Used by main.ts and by the e2e tests alike.
 */
export async function createRouterApp(role: Role = 'all', options: { logger?: boolean } = {}): Promise<NestFastifyApplication> {
  // Fastify binds an AsyncResource per request with a body, Nest one per interceptor: see there.
  useLeanAsyncResourceBind();
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT,
    // Whose X-Forwarded-For names the client (authentication throttling per address): TRUST_PROXY.
    trustProxy: AppConfig.fromEnv().trustProxy,
    genReqId: () => randomUUID(),
    // Errors raised while routing, before Nest sees the request (a path parameter over
    // maxParamLength, a malformed percent-encoding in the path), get the same Twilio body.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      const twilioError = toTwilioError(error, request, routingLogger);
      void reply.status(twilioError.status).header('content-type', 'application/json; charset=utf-8').send(twilioError.toJSON());
    },
    // ... and so do requests Node's HTTP parser refuses (431, malformed URLs and Content-Length).
    clientErrorHandler: twilioClientErrorHandler,
    routerOptions: { querystringParser: (query: string) => parseForm(query), ignoreTrailingSlash: true, maxParamLength: 1024 },
  } as ConstructorParameters<typeof FastifyAdapter>[0]);
  const app = await NestFactory.create<NestFastifyApplication>(RouterModule.forRole(role), adapter, {
    bodyParser: false,
    bufferLogs: true,
    abortOnError: false,
  });
  const logger = app.get(PinoLogger);
  if (options.logger !== false) app.useLogger(logger);

  const fastify = app.getHttpAdapter().getInstance();
  registerRequestLogging(fastify, logger.pino);
  // Metrics are read only with the operator's credential: without it, requests are not timed at all.
  if (app.get(AppConfig).operations.token) registerHttpMetrics(fastify, app.get(RouterMetrics));
  fastify.removeAllContentTypeParsers();
  registerFormBody(fastify, BODY_LIMIT);
  // Media uploads stream their raw bytes (any Content-Type) to storage, MediaSet reads its JSON;
  // every other body is a form.
  fastify.addContentTypeParser('*', (request, payload, done) => {
    if (request.method === 'POST' && RAW_BODY_ROUTES.has(request.routeOptions.url ?? '')) done(null, payload);
    else done(new TwilioError(20001, 415, 'Unsupported Content-Type: send application/x-www-form-urlencoded'), undefined);
  });

  app.useGlobalPipes(new TwilioParamsPipe(app.get(OutboundPolicy)));
  app.useGlobalFilters(new TwilioExceptionFilter());
  return app;
}
