import 'reflect-metadata';
import { createRouterApp, type Role } from './app.factory';
import { stopOnSignals } from './lifecycle/shutdown';
import { checkDependenciesOrExit, configurationWarnings, listenOrExit, loadConfigOrExit, migrateOrExit } from './lifecycle/startup';
import { PinoLogger } from './logging/pino-logger';

/**
 * The HTTP process: `npm run start:api` (and each API process of `npm start`) runs it with
 * `--api-only`. Without it, API and worker share one process (`--migrate` migrates first), for
 * machines where one process is all there is.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const role: Role = process.argv.includes('--api-only') ? 'api' : 'all';
  const migrates = process.argv.includes('--migrate');
  await checkDependenciesOrExit(config, { createsDatabase: migrates });
  if (migrates) migrateOrExit(config);
  const app = await createRouterApp(role);
  const logger = app.get(PinoLogger).pino.child({ context: 'Main' });
  stopOnSignals(() => app.close(), logger, config.processes.shutdownTimeoutMs);
  await listenOrExit(() => app.listen(config.port, config.host), config);
  for (const warning of configurationWarnings(config)) logger.warn(warning);
  logger.info({ role, port: config.port, publicUrl: config.publicUrl }, `router listening on ${config.host}:${config.port}`);
}

void main();
