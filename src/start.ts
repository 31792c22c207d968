import { childrenOf, Supervisor } from './lifecycle/supervisor';
import { checkDependenciesOrExit, loadConfigOrExit, migrateOrExit } from './lifecycle/startup';
import { PinoLogger } from './logging/pino-logger';

/**
 * `npm start`: the one command for a machine. Creates the database if it does not exist, applies
 * pending migrations, then runs API and worker processes sized to the CPU count under a supervisor.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  await checkDependenciesOrExit(config, { createsDatabase: true });
  migrateOrExit(config);
  const logger = new PinoLogger(config).pino.child({ context: 'Supervisor' });
  new Supervisor(childrenOf(config.processes), logger, config.processes.shutdownTimeoutMs).start();
}

void main();
