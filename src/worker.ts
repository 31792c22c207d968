import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { PinoLogger } from './logging/pino-logger';
import { checkDependenciesOrExit, loadConfigOrExit } from './startup';
import { WorkerModule } from './worker.module';

/** `npm run start:worker`: BullMQ processors only, no HTTP. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  await checkDependenciesOrExit(config);
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(PinoLogger));
  app.enableShutdownHooks();
  new Logger('Worker').log('worker started');
}

void main();
