import { Errors } from '../common/errors';
import type { CreateFlexFlowDto, UpdateFlexFlowDto } from './flex-flows.dto';
import { DEFAULT_RETRY_COUNT, type FlexFlowWrite } from './flex.types';

const TASK_PARAMS = [
  ['integrationWorkspaceSid', 'Integration.WorkspaceSid'],
  ['integrationWorkflowSid', 'Integration.WorkflowSid'],
  ['integrationChannel', 'Integration.Channel'],
  ['integrationTimeout', 'Integration.Timeout'],
  ['integrationPriority', 'Integration.Priority'],
] as const;

const NO_TASKROUTER =
  'this router has no TaskRouter to create tasks in: use IntegrationType external (your webhook gets each message) or studio';

/**
 * A flow as a create or update leaves it: the request's fields over the current flow (none on
 * create), with Twilio's defaults (integration type studio, retry count 3), checked as a whole:
 * studio needs Integration.FlowSid, external needs Integration.Url, each integration's own fields
 * only, and `task` is refused with the reason. Pure, so it is unit-tested.
 */
export function resolveFlexFlow(current: FlexFlowWrite | null, dto: CreateFlexFlowDto | UpdateFlexFlowDto): FlexFlowWrite {
  if (dto.integrationType === 'task') throw Errors.invalidParameter(`IntegrationType task is not supported: ${NO_TASKROUTER}`);
  for (const [property, wireName] of TASK_PARAMS) {
    if (dto[property] !== undefined)
      throw Errors.invalidParameter(`${wireName} applies to IntegrationType task only, and ${NO_TASKROUTER}`);
  }
  const integrationType = dto.integrationType ?? current?.integrationType ?? 'studio';
  // The previous integration's fields do not carry over to another type.
  const previous = current && current.integrationType === integrationType ? current.integration : null;
  const integration = {
    url: dto.integrationUrl ?? previous?.url ?? null,
    flowSid: dto.integrationFlowSid ?? previous?.flowSid ?? null,
    retryCount: dto.integrationRetryCount ?? previous?.retryCount ?? DEFAULT_RETRY_COUNT,
    creationOnMessage: dto.integrationCreationOnMessage ?? previous?.creationOnMessage ?? null,
  };
  if (integrationType === 'studio') {
    if (dto.integrationUrl !== undefined) throw Errors.invalidParameter('Integration.Url applies to IntegrationType external only');
    if (!integration.flowSid) throw Errors.invalidParameter('Integration.FlowSid is required when IntegrationType is studio');
  } else {
    if (dto.integrationFlowSid !== undefined) throw Errors.invalidParameter('Integration.FlowSid applies to IntegrationType studio only');
    if (!integration.url) throw Errors.invalidParameter('Integration.Url is required when IntegrationType is external');
  }
  const friendlyName = dto.friendlyName ?? current?.friendlyName;
  const chatServiceSid = dto.chatServiceSid ?? current?.chatServiceSid;
  const channelType = dto.channelType ?? current?.channelType;
  // Create DTOs require these three; an update keeps the current ones.
  if (friendlyName === undefined || chatServiceSid === undefined || channelType === undefined) {
    throw Errors.invalidParameter('FriendlyName, ChatServiceSid and ChannelType are required');
  }
  return {
    friendlyName,
    chatServiceSid,
    channelType,
    contactIdentity: dto.contactIdentity === undefined ? (current?.contactIdentity ?? null) : dto.contactIdentity || null,
    enabled: dto.enabled ?? current?.enabled ?? true,
    integrationType,
    integration,
    longLived: dto.longLived ?? current?.longLived ?? false,
    janitorEnabled: dto.janitorEnabled ?? current?.janitorEnabled ?? false,
  };
}

/** The `integration` object of the wire shape: the fields of the flow's integration type. */
export function integrationWire(flow: Pick<FlexFlowWrite, 'integrationType' | 'integration'>): Record<string, unknown> {
  const i = flow.integration;
  const wire: Record<string, unknown> =
    flow.integrationType === 'studio' ? { flow_sid: i.flowSid, retry_count: i.retryCount } : { url: i.url, retry_count: i.retryCount };
  if (i.creationOnMessage !== null) wire.creation_on_message = i.creationOnMessage;
  return wire;
}
