import { TwilioError } from '../common/twilio-error';
import { integrationWire, resolveFlexFlow } from './flex-flow-rules';
import type { CreateFlexFlowDto, UpdateFlexFlowDto } from './flex-flows.dto';

const base: CreateFlexFlowDto = { friendlyName: 'Chat', chatServiceSid: 'IS' + '0'.repeat(32), channelType: 'custom' };
const FW = 'FW' + '1'.repeat(32);

function refused(call: () => unknown): TwilioError {
  try {
    call();
  } catch (err) {
    if (err instanceof TwilioError) return err;
    throw err;
  }
  throw new Error('expected a TwilioError');
}

describe('resolveFlexFlow', () => {
  it("fills Twilio's defaults: studio, enabled, retry count 3, not long-lived", () => {
    const flow = resolveFlexFlow(null, { ...base, integrationFlowSid: FW });
    expect(flow).toMatchObject({
      integrationType: 'studio',
      enabled: true,
      longLived: false,
      janitorEnabled: false,
      contactIdentity: null,
    });
    expect(flow.integration).toEqual({ url: null, flowSid: FW, retryCount: 3, creationOnMessage: null });
    expect(integrationWire(flow)).toEqual({ flow_sid: FW, retry_count: 3 });
  });

  it('external needs Integration.Url, studio needs Integration.FlowSid, each refuses the other', () => {
    expect(refused(() => resolveFlexFlow(null, { ...base, integrationType: 'external' })).message).toMatch(/Integration.Url is required/);
    expect(refused(() => resolveFlexFlow(null, base)).message).toMatch(/Integration.FlowSid is required/);
    expect(refused(() => resolveFlexFlow(null, { ...base, integrationFlowSid: FW, integrationUrl: 'https://x.test/' })).message).toMatch(
      /Integration.Url applies to IntegrationType external/,
    );
    const external = resolveFlexFlow(null, {
      ...base,
      integrationType: 'external',
      integrationUrl: 'https://x.test/',
      integrationRetryCount: 0,
    });
    expect(integrationWire(external)).toEqual({ url: 'https://x.test/', retry_count: 0 });
  });

  it('refuses task, and TaskRouter parameters on any type, naming the reason', () => {
    const task = refused(() => resolveFlexFlow(null, { ...base, integrationType: 'task', integrationWorkspaceSid: 'WS1' }));
    expect({ code: task.code, status: task.status }).toEqual({ code: 20001, status: 400 });
    expect(task.message).toMatch(/TaskRouter/);
    expect(refused(() => resolveFlexFlow(null, { ...base, integrationFlowSid: FW, integrationPriority: 1 })).message).toMatch(
      /Integration.Priority applies to IntegrationType task only/,
    );
  });

  it('an update keeps what it does not name, and drops the fields of an integration it leaves', () => {
    const studio = resolveFlexFlow(null, { ...base, integrationFlowSid: FW, integrationRetryCount: 1, longLived: true });
    const renamed = resolveFlexFlow(studio, { friendlyName: 'Renamed' } as UpdateFlexFlowDto);
    expect(renamed).toEqual({ ...studio, friendlyName: 'Renamed' });
    const external = resolveFlexFlow(studio, { integrationType: 'external', integrationUrl: 'https://x.test/' } as UpdateFlexFlowDto);
    expect(external.integration).toEqual({ url: 'https://x.test/', flowSid: null, retryCount: 3, creationOnMessage: null });
    expect(external.longLived).toBe(true);
    expect(refused(() => resolveFlexFlow(external, { integrationType: 'studio' } as UpdateFlexFlowDto)).message).toMatch(
      /Integration.FlowSid is required/,
    );
  });
});
