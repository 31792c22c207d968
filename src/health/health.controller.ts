import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { HealthCheckService, HealthIndicatorService, PrismaHealthIndicator } from '@nestjs/terminus';
import Redis from 'ioredis';
import { Public } from '../auth/public.decorator';
import { PrismaService } from '../prisma/prisma.service';
import { REDIS } from '../redis/redis.module';

/** GET /healthz: 200 only when PostgreSQL and Redis answer, 503 otherwise. */
@Controller('healthz')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly prismaIndicator: PrismaHealthIndicator,
    private readonly prisma: PrismaService,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  @Get()
  @Public()
  async check(@Res({ passthrough: true }) reply: FastifyReply) {
    try {
      return await this.runChecks();
    } catch (err) {
      if (!(err instanceof ServiceUnavailableException)) throw err;
      void reply.status(503);
      return err.getResponse();
    }
  }

  private runChecks() {
    return this.health.check([
      () => this.prismaIndicator.pingCheck('database', this.prisma, { timeout: 2_000 }),
      async () => {
        const indicator = this.indicators.check('redis');
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            this.redis.ping(),
            new Promise((_, reject) => {
              timer = setTimeout(() => reject(new Error('timed out after 2000 ms')), 2_000);
            }),
          ]);
          return indicator.up();
        } catch (err) {
          return indicator.down({ message: (err as Error).message });
        } finally {
          clearTimeout(timer);
        }
      },
    ]);
  }
}
