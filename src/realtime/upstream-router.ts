import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Errors } from '../common/errors';
import { TwilioError } from '../common/twilio-error';
import type { RealtimeSession, UpstreamHandler, UpstreamRequest, UpstreamResponse } from './realtime.types';

const JSON_HEADERS = { 'Content-Type': 'application/json' };

/**
 * Routes upstream requests (Twilsock `message` frames) to the handler registered for the longest
 * matching path prefix, e.g. `/Client/v2` (AIM) or `/v3` and `/v4` (Sync). A path nobody handles is
 * answered 404 with Twilio's error body. A handler's TwilioError becomes its status and body; any
 * other failure, or no answer in time, a 500 / 504 whose cause is logged here.
 */
@Injectable()
export class UpstreamRouter {
  private readonly logger = new Logger(UpstreamRouter.name);
  private routes: { prefix: string; handler: UpstreamHandler }[] = [];

  /** Registers a handler for a path prefix (`/Client/v2` matches `/Client/v2` and `/Client/v2/...`). Returns an unregister function. */
  register(pathPrefix: string, handler: UpstreamHandler): () => void {
    const prefix = pathPrefix.replace(/\/+$/, '');
    if (!prefix.startsWith('/')) throw new Error(`an upstream path prefix starts with "/": ${pathPrefix}`);
    if (this.routes.some((r) => r.prefix === prefix)) throw new Error(`an upstream handler is already registered for ${prefix}`);
    const route = { prefix, handler };
    this.routes = [...this.routes, route].sort((a, b) => b.prefix.length - a.prefix.length);
    return () => {
      this.routes = this.routes.filter((r) => r !== route);
    };
  }

  /** The path prefixes handled, longest first. */
  prefixes(): string[] {
    return this.routes.map((r) => r.prefix);
  }

  /** The response to one upstream request; never rejects. */
  async dispatch(session: RealtimeSession, request: UpstreamRequest, timeoutMs: number): Promise<UpstreamResponse> {
    const route = this.routes.find((r) => request.path === r.prefix || request.path.startsWith(`${r.prefix}/`));
    if (!route) return errorResponse(Errors.notFound(request.path));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    try {
      const response = await Promise.race([route.handler.handle(session, request), timeout]);
      if (response === 'timeout') {
        this.logger.warn(
          { sessionId: session.id, requestId: request.id, method: request.method, prefix: route.prefix },
          'upstream handler timed out',
        );
        return errorResponse(Errors.upstreamTimeout());
      }
      return response;
    } catch (err) {
      if (err instanceof TwilioError) return errorResponse(err);
      const requestId = randomUUID();
      this.logger.error({ err, requestId, sessionId: session.id, method: request.method, prefix: route.prefix }, 'upstream handler failed');
      return errorResponse(Errors.internal(requestId));
    } finally {
      clearTimeout(timer);
    }
  }
}

export function errorResponse(error: TwilioError): UpstreamResponse {
  return { status: error.status, headers: JSON_HEADERS, body: error.toJSON() };
}
