import { createServer, type Server, type ServerResponse } from 'node:http';
import { Errors } from '../common/errors';
import type { TwilioError } from '../common/twilio-error';
import type { ClusterMetrics } from '../observability/cluster-metrics';
import { checkOperator } from '../observability/operator-credential';
import { readinessBody } from './readiness.controller';
import type { ReadinessService } from './readiness.service';

/**
 * The HTTP face of a worker started alone (`npm run start:worker` with OPS_PORT), which has no API
 * port: GET /healthz (liveness: the process answers), GET /readyz and, with OPERATOR_TOKEN, GET
 * /metrics, answered as on the API port. Under `npm start` the supervisor asks the workers instead.
 */
export function startOpsServer(args: {
  port: number;
  host: string;
  token?: string;
  readiness: ReadinessService;
  metrics: ClusterMetrics;
}): Promise<Server> {
  const { readiness, metrics, token } = args;
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0].replace(/\/+$/, '') || '/';
    const answer = async (): Promise<void> => {
      if (request.method !== 'GET' && request.method !== 'HEAD') throw Errors.methodNotAllowed(request.method ?? '', path);
      if (path === '/healthz') return json(response, 200, { status: 'ok' });
      if (path === '/readyz') {
        let status = 200;
        const body = readinessBody(await readiness.check(), (s) => (status = s));
        return json(response, status, body);
      }
      if (path === '/metrics' && token) {
        if (checkOperator(request.headers.authorization, token) !== 'ok') throw Errors.authenticate();
        response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' });
        response.end(await metrics.text());
        return;
      }
      throw Errors.notFound(path);
    };
    answer().catch((err: unknown) => {
      const error = (err as TwilioError).toJSON ? (err as TwilioError) : Errors.internal('ops');
      json(response, error.status, error.toJSON());
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(args.port, args.host, () => resolve(server));
  });
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}
