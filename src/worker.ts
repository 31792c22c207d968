import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { startOpsServer } from './health/ops-server';
import { ReadinessService } from './health/readiness.service';
import { stopOnSignals } from './lifecycle/shutdown';
import { checkDependenciesOrExit, listenOrExit, loadConfigOrExit } from './lifecycle/startup';
import { underSupervisor } from './lifecycle/supervisor-ipc';
import { ClusterMetrics } from './observability/cluster-metrics';
import { PinoLogger } from './logging/pino-logger';
import { WorkerModule } from './worker.module';

/** `npm run start:worker` (and each worker process of `npm start`): BullMQ processors only, no HTTP. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  await checkDependenciesOrExit(config, { createsDatabase: false });
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  const pino = app.get(PinoLogger);
  app.useLogger(pino);
  const logger = pino.pino.child({ context: 'Worker' });
  const port = underSupervisor() ? undefined : config.operations.port;
  const ops =
    port === undefined
      ? undefined
      : await listenOrExit(
          () =>
            startOpsServer({
              port,
              host: config.host,
              token: config.operations.token,
              readiness: app.get(ReadinessService),
              metrics: app.get(ClusterMetrics),
            }),
          { host: config.host, port },
          'OPS_PORT',
        );
  stopOnSignals(
    async () => {
      ops?.close();
      await app.close();
    },
    logger,
    config.processes.shutdownTimeoutMs,
  );
  logger.info(port === undefined ? {} : { opsPort: port }, 'worker started');
}

void main();
