import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config';
import { Errors } from '../common/errors';
import { QueueInspector } from '../queues/queue-inspector';
import { checkOperator } from './operator-credential';
import { ClusterMetrics } from './cluster-metrics';

export const METRICS_PATH = '/metrics';
export const DASHBOARD_PATH = '/admin/queues';
const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * The operator's routes on the API port, mounted only when OPERATOR_TOKEN is set (without it they
 * do not exist: 404 with Twilio's body, like any unknown path): GET /metrics in Prometheus' text
 * format, and the BullMQ dashboard (bull-board) over every queue of the router at /admin/queues.
 * Both take the token as a Bearer token or as the password of Basic auth.
 */
@Injectable()
export class OperatorRoutes implements OnModuleInit {
  private readonly logger = new Logger(OperatorRoutes.name);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: AppConfig,
    private readonly metrics: ClusterMetrics,
    private readonly queues: QueueInspector,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    const token = this.config.operations.token;
    if (!fastify || !token) return;
    const guard = operatorGuard(token);
    fastify.get(METRICS_PATH, { onRequest: guard }, async (_request, reply) => {
      const text = await this.metrics.text();
      return reply.header('content-type', PROMETHEUS_CONTENT_TYPE).header('cache-control', 'no-store').send(text);
    });
    void fastify.register(async (scope) => {
      scope.addHook('onRequest', guard);
      // The dashboard's own API takes JSON bodies (the router's other routes take forms only).
      scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
        try {
          done(null, body === '' ? {} : JSON.parse(body as string));
        } catch {
          done(Errors.invalidParameter('The body is not valid JSON'), undefined);
        }
      });
      const board = new BullBoardFastifyAdapter();
      createBullBoard({ queues: this.queues.all().map((queue) => new BullMQAdapter(queue)), serverAdapter: board });
      board.setBasePath(DASHBOARD_PATH);
      await scope.register(board.registerPlugin(), { prefix: DASHBOARD_PATH });
    });
    this.logger.log(`operator routes mounted: ${METRICS_PATH}, ${DASHBOARD_PATH}`);
  }
}

/** 401 with Twilio's body (and a Basic challenge, so a browser asks for the token) unless the token was given. */
export function operatorGuard(token: string) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (checkOperator(request.headers.authorization, token) === 'ok') return;
    const error = Errors.authenticate();
    await reply
      .status(error.status)
      .header('www-authenticate', 'Basic realm="router operator", charset="UTF-8"')
      .header('content-type', 'application/json; charset=utf-8')
      .send(error.toJSON());
  };
}
