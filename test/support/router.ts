import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createRouterApp, type Role } from '../../src/app.factory';
import { freePort } from './ports';

export interface RunningRouter {
  app: NestFastifyApplication;
  /** Origin the router listens on and writes into every `url`, e.g. http://127.0.0.1:41234. */
  baseUrl: string;
  close(): Promise<void>;
  /** Every route the HTTP server registered (Fastify's onRoute), as the router serves them: what the route fuzzer walks. */
  routes: RouteEntry[];
}

export interface RouteEntry {
  method: string;
  /** Fastify's pattern, e.g. `/v1/Conversations/:ConversationSid`. */
  url: string;
}

/**
 * Starts the real router (same factory as main.ts) on 127.0.0.1 and a free port. PORT and PUBLIC_URL
 * are set before the application reads its configuration, so absolute URLs point at this instance.
 */
export async function startRouter(options: { role?: Role; env?: Record<string, string> } = {}): Promise<RunningRouter> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  process.env.PORT = String(port);
  process.env.HOST = '127.0.0.1';
  process.env.PUBLIC_URL = baseUrl;
  // Extra settings for this instance only: the configuration is read while the app is created.
  const saved = Object.fromEntries(Object.keys(options.env ?? {}).map((k) => [k, process.env[k]]));
  Object.assign(process.env, options.env);
  let app: NestFastifyApplication;
  try {
    app = await createRouterApp(options.role ?? 'all');
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  const routes: RouteEntry[] = [];
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) routes.push({ method, url: route.url });
    });
  await app.listen(port, '127.0.0.1');
  return { app, baseUrl, close: () => app.close(), routes };
}
