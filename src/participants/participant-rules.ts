import { parseChannelAddress } from '../common/channel-address';
import { Errors } from '../common/errors';
import type { NewParticipant } from './participants.types';

/** Participant fields as they arrive from a form (Participants) or a JSON item (ConversationWithParticipants). */
export interface ParticipantFields {
  identity?: string;
  address?: string;
  proxyAddress?: string;
  projectedAddress?: string;
  roleSid?: string;
  attributes?: string;
  lastReadMessageIndex?: number;
  lastReadTimestamp?: Date;
  dateCreated?: Date;
  dateUpdated?: Date;
}

const present = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';

/**
 * Twilio's rules for a new participant: either a chat Identity (optionally with a Group MMS
 * ProjectedAddress) or a messaging binding (Address + ProxyAddress of one channel, sms or whatsapp,
 * following the `whatsapp:` prefix), never both.
 */
export function newParticipant(f: ParticipantFields): NewParticipant {
  const common = {
    attributes: f.attributes ?? '{}',
    roleSid: f.roleSid,
    dateCreated: f.dateCreated,
    dateUpdated: f.dateUpdated,
    ...(f.lastReadMessageIndex !== undefined ? { lastReadMessageIndex: f.lastReadMessageIndex } : {}),
    ...(f.lastReadTimestamp !== undefined ? { lastReadTimestamp: f.lastReadTimestamp } : {}),
  };
  if (present(f.identity)) {
    if (present(f.address) || present(f.proxyAddress)) throw Errors.identityNotAcceptable();
    if (/^US[0-9a-f]{32}$/i.test(f.identity)) throw Errors.identityLooksLikeSid();
    const projectedAddress = present(f.projectedAddress) ? proxy(f.projectedAddress).value : undefined;
    return { ...common, kind: 'chat', identity: f.identity, projectedAddress };
  }
  if (!present(f.address)) {
    if (present(f.proxyAddress)) throw Errors.addressEmpty();
    throw Errors.identityRequired();
  }
  if (present(f.projectedAddress)) throw Errors.bindingParameterNotSupported('MessagingBinding.ProjectedAddress');
  if (!present(f.proxyAddress)) throw Errors.proxyAddressEmpty();
  const parsed = parseChannelAddress(f.address);
  if ('error' in parsed) throw Errors.bindingAddressInvalid(parsed.error);
  const proxyAddress = proxy(f.proxyAddress);
  if (parsed.address.type !== proxyAddress.type) throw Errors.addressTypeMismatch();
  if (parsed.address.value === proxyAddress.value) throw Errors.addressEqualsProxy();
  return { ...common, kind: 'binding', type: parsed.address.type, address: parsed.address.value, proxyAddress: proxyAddress.value };
}

/** A proxy (or projected) address: E.164, whatsapp: + E.164, or an SMS short code. */
export function proxy(raw: string) {
  const parsed = parseChannelAddress(raw, { allowShortCode: true });
  if ('error' in parsed) throw Errors.proxyAddressInvalid(parsed.error);
  return parsed.address;
}
