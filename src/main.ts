import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createRouterApp, Role } from './app.factory';
import { checkDependenciesOrExit, configurationWarnings, loadConfigOrExit, migrateOrExit } from './startup';

/**
 * `npm start`: migrate, then API and worker in one process.
 * `npm run start:api` (`--api-only`): the HTTP role alone.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const role: Role = process.argv.includes('--api-only') ? 'api' : 'all';
  await checkDependenciesOrExit(config);
  if (process.argv.includes('--migrate')) migrateOrExit(config);
  const app = await createRouterApp(role);
  await app.listen(config.port, config.host);
  for (const warning of configurationWarnings(config)) new Logger('Main').warn(warning);
  new Logger('Main').log({ role, port: config.port, publicUrl: config.publicUrl }, `router listening on ${config.host}:${config.port}`);
}

void main();
