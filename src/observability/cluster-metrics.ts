import { Injectable, OnModuleInit } from '@nestjs/common';
import { Errors } from '../common/errors';
import { answerSupervisor, askSupervisor, underSupervisor } from '../lifecycle/supervisor-ipc';
import { RouterMetrics } from './router-metrics';

/** The supervisor asks every child; this covers its own wait plus the slowest child's. */
const CLUSTER_SCRAPE_TIMEOUT_MS = 8_000;

/**
 * What GET /metrics answers. Under `npm start` (a child of the supervisor) it is the whole router:
 * the supervisor gathers every API and worker process's metrics and adds them up (counters and
 * histograms summed, shared gauges such as queue depths by max), so one scrape of the API port
 * sees the workers too, whichever API process answers. A process started alone answers its own.
 */
@Injectable()
export class ClusterMetrics implements OnModuleInit {
  constructor(private readonly metrics: RouterMetrics) {}

  onModuleInit(): void {
    answerSupervisor('metrics', () => this.metrics.json());
  }

  async text(): Promise<string> {
    if (!underSupervisor()) return this.metrics.text();
    try {
      return await askSupervisor<string>('cluster-metrics', CLUSTER_SCRAPE_TIMEOUT_MS);
    } catch (err) {
      throw Errors.unavailable(`the supervisor did not gather the metrics of its processes (${(err as Error).message})`);
    }
  }
}
