import { Logger } from '@nestjs/common';
import { CarrierError, type ChannelAdapter, type ChannelProvider, type StatusUpdate } from '../channels/channel-adapter';
import type { ChannelRegistry } from '../channels/channel-registry';
import type { AppConfig } from '../config/app-config';
import { RouterMetrics } from '../observability/router-metrics';
import type { DeliveryStateRepository, UnsettledReceipt } from './delivery-state.repository';
import type { DeliveryStatusService } from './delivery-status.service';
import { StatusChecker, statusCheckDelay } from './status-checker';

/** What a carrier answers for a SID: a status, or an error. */
type Answer = StatusUpdate['status'] | CarrierError;

/**
 * The checker's policy over two carriers, with its collaborators replaced by records (the e2e test,
 * test/status-checks.e2e-spec.ts, runs it against the simulator and PostgreSQL).
 */
function harness(receipts: (UnsettledReceipt & { check: number })[], answers: Record<string, Answer>) {
  const counted: string[] = [];
  const asked: string[] = [];
  const applied: StatusUpdate[] = [];
  const adapter = (provider: ChannelProvider): ChannelAdapter => ({
    provider,
    send: () => Promise.reject(new Error('not sent here')),
    parseStatusCallback: () => null,
    fetchStatus: (sid) => {
      asked.push(sid);
      const answer = answers[sid];
      return answer instanceof CarrierError
        ? Promise.reject(answer)
        : Promise.resolve({ channelMessageSid: sid, status: answer, errorCode: null });
    },
  });
  const adapters = { twilio: adapter('twilio'), simulator: adapter('simulator') };
  const channels = {
    provider: (p: string | null) => (p === 'twilio' ? 'twilio' : 'simulator'),
    adapter: (p: ChannelProvider) => adapters[p],
    credentials: () => ({ accountSid: 'AC', authToken: 't', apiUrl: 'http://carrier' }),
  } as unknown as ChannelRegistry;
  const state = {
    dueForStatusCheck: (check: number) => Promise.resolve(receipts.filter((r) => r.check === check)),
    countStatusChecks: (sids: string[]) => Promise.resolve(void counted.push(...sids)),
  } as unknown as DeliveryStateRepository;
  const statuses = {
    apply: (update: StatusUpdate) => Promise.resolve(applied.push(update) > 0 && update.status === 'delivered'),
  } as unknown as DeliveryStatusService;
  const config = { delivery: { statusCheckAfterMs: 1000, sweepIntervalMs: 1000 }, queuePrefix: 'spec' } as AppConfig;
  const metrics = new RouterMetrics();
  const checker = new StatusChecker(state, statuses, channels, config, {} as never, metrics);
  return { checker, counted, asked, applied, metrics };
}

const receipt = (sid: string, channelProvider: ChannelProvider, check = 0) => ({
  sid: `DY${sid}`,
  channelMessageSid: sid,
  channelProvider,
  check,
});

describe('StatusChecker', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('applies what the carrier reports and counts a check for every receipt its carrier answered for, a refusal included', async () => {
    const { checker, counted, applied } = harness(
      [
        receipt('SMdelivered', 'simulator'),
        receipt('SMsent', 'simulator', 1),
        receipt('SMgone', 'simulator', 2),
        receipt('SMbad', 'simulator'),
      ],
      {
        SMdelivered: 'delivered',
        SMsent: 'sent',
        SMgone: new CarrierError('not found', { httpStatus: 404, code: 20404 }),
        SMbad: new CarrierError('bad request', { httpStatus: 400, code: 20001 }),
      },
    );
    expect(await checker.pass()).toBe(1);
    expect(applied.map((u) => [u.channelMessageSid, u.status])).toEqual([
      ['SMdelivered', 'delivered'],
      ['SMsent', 'sent'],
    ]);
    expect(counted.sort()).toEqual(['DYSMbad', 'DYSMdelivered', 'DYSMgone', 'DYSMsent']);
  });

  it('leaves the receipts of a carrier that does not answer (network, 5xx, 429) uncounted for the next pass; other carriers go on', async () => {
    for (const down of [
      new CarrierError('carrier unreachable: ECONNREFUSED', { network: true }),
      new CarrierError('unavailable', { httpStatus: 503 }),
      new CarrierError('slow down', { httpStatus: 429, retryAfterMs: 1000 }),
    ]) {
      const { checker, counted, asked, metrics } = harness(
        [
          receipt('SMt1', 'twilio'),
          ...Array.from({ length: 20 }, (_, i) => receipt(`SMt${i + 2}`, 'twilio')),
          receipt('SMs1', 'simulator', 1),
        ],
        { ...Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`SMt${i + 1}`, down])), SMs1: 'delivered' },
      );
      await checker.pass();
      expect(counted).toEqual(['DYSMs1']);
      // Once it failed, the carrier is not asked again in this pass beyond the requests already under way.
      expect(asked.filter((sid) => sid.startsWith('SMt')).length).toBeLessThanOrEqual(8);
      expect(await metrics.text()).toMatch(/^router_delivery_status_checks_total\{result="error"\} [1-8]$/m);
    }
  });

  it('asks again at 6 and 36 times the first delay', () => {
    expect([0, 1, 2].map((n) => statusCheckDelay(300_000, n))).toEqual([300_000, 1_800_000, 10_800_000]);
  });
});
