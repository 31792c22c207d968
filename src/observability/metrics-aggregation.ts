import { AggregatorRegistry, Gauge, type MetricObjectWithValues, type MetricValue, Registry } from 'prom-client';

export type ProcessMetrics = MetricObjectWithValues<MetricValue<string>>[];

/**
 * The router's metrics across `npm start`'s processes, as prom-client's cluster mode adds them up:
 * counters and histograms summed, gauges by their aggregator (queue depths: max; connections, pool
 * use: sum). `processes` adds the supervisor's own view: children running and ready, by role.
 */
export async function aggregateMetrics(
  perProcess: ProcessMetrics[],
  processes: { role: string; running: number; ready: number }[],
): Promise<string> {
  const own = new Registry();
  const running = new Gauge({
    name: 'router_processes',
    help: 'Processes npm start runs, by role',
    labelNames: ['role'],
    registers: [own],
  });
  const ready = new Gauge({
    name: 'router_processes_ready',
    help: 'Processes of npm start whose last readiness check passed, by role',
    labelNames: ['role'],
    registers: [own],
  });
  for (const p of processes) {
    running.set({ role: p.role }, p.running);
    ready.set({ role: p.role }, p.ready);
  }
  const merged = Registry.merge([AggregatorRegistry.aggregate(perProcess), own]);
  return merged.metrics();
}
