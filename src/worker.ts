import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { stopOnSignals } from './lifecycle/shutdown';
import { checkDependenciesOrExit, loadConfigOrExit } from './lifecycle/startup';
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
  stopOnSignals(() => app.close(), logger, config.processes.shutdownTimeoutMs);
  logger.info('worker started');
}

void main();
