import { Global, Module } from '@nestjs/common';
import { ClusterMetrics } from './cluster-metrics';
import { MetricsCollectors } from './metrics.collectors';
import { OperatorRoutes } from './operator.routes';
import { RouterMetrics } from './router-metrics';

/**
 * Metrics of every process (RouterMetrics is what domain code counts with), and on the API the
 * operator's routes: /metrics and the queue dashboard (docs/operations.md).
 */
@Global()
@Module({
  providers: [RouterMetrics, MetricsCollectors, ClusterMetrics, OperatorRoutes],
  exports: [RouterMetrics, ClusterMetrics],
})
export class ObservabilityModule {}
