import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/public.decorator';
import { Errors } from '../common/errors';
import { ReadinessService } from './readiness.service';

/**
 * GET /readyz: 200 `{status: "ready", checks}` when this process can do its work now; otherwise 503
 * with Twilio's error body (20503), the reasons in `message` and every check in `checks`.
 */
@Controller('readyz')
export class ReadinessController {
  constructor(private readonly readiness: ReadinessService) {}

  @Get()
  @Public()
  async check(@Res({ passthrough: true }) reply: FastifyReply) {
    return readinessBody(await this.readiness.check(), (status) => void reply.status(status));
  }
}

export function readinessBody(
  readiness: Awaited<ReturnType<ReadinessService['check']>>,
  setStatus: (status: number) => void,
): Record<string, unknown> {
  if (readiness.ready) return { status: 'ready', checks: readiness.checks };
  const error = Errors.unavailable(`not ready: ${readiness.reasons.join('; ')}`);
  setStatus(error.status);
  return { ...error.toJSON(), checks: readiness.checks };
}
