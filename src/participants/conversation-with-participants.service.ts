import { Injectable } from '@nestjs/common';
import { Errors } from '../common/errors';
import { ConversationsService } from '../conversations/conversations.service';
import type { ConversationRecord } from '../conversations/conversations.types';
import { UnitOfWork } from '../prisma/unit-of-work';
import type { ActionContext } from '../events/event-types';
import type { ServiceScope } from '../services/services.types';
import { CreateConversationWithParticipantsDto, MAX_PARTICIPANTS_PER_REQUEST } from './conversation-with-participants.dto';
import { newParticipant, ParticipantFields } from './participant-rules';
import { PARTICIPANT_LIMITS } from './participants.dto';
import { ParticipantsService } from './participants.service';
import type { NewParticipant } from './participants.types';

const ITEM_KEYS = new Set(['identity', 'attributes', 'role_sid', 'messaging_binding', 'date_created', 'date_updated']);
const BINDING_KEYS = new Set(['address', 'proxy_address', 'projected_address']);

/** A conversation and up to ten participants in one atomic request: all of them, or none. */
@Injectable()
export class ConversationWithParticipantsService {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly participants: ParticipantsService,
    private readonly uow: UnitOfWork,
  ) {}

  async create(scope: ServiceScope, dto: CreateConversationWithParticipantsDto, ctx: ActionContext): Promise<ConversationRecord> {
    const items = dto.participant ?? [];
    if (items.length > MAX_PARTICIPANTS_PER_REQUEST) throw Errors.tooManyParticipants(MAX_PARTICIPANTS_PER_REQUEST);
    const participants = items.map((item, i) => newParticipant(parseItem(item, i)));
    rejectDuplicates(participants);
    const row = await this.conversations.prepareCreate(scope, dto);
    await this.conversations.preAdd(ctx, scope, row);
    const conversation = await this.uow.run(async (db) => {
      const conversation = await this.conversations.insert(db, scope, row);
      const added = await this.participants.addAll(db, scope, conversation, participants, 'batch');
      await this.conversations.recordAdded(db, ctx, conversation);
      await this.participants.recordAdded(db, ctx, added);
      return conversation;
    });
    await this.conversations.scheduleTimers(conversation);
    return conversation;
  }
}

/** One `Participant` item: a JSON object such as {"identity":"alice"} or {"messaging_binding":{"address":..,"proxy_address":..}}. */
function parseItem(text: string, index: number): ParticipantFields {
  const bad = (why: string) => Errors.invalidParameter(`Participant[${index}] ${why}`);
  let item: unknown;
  try {
    item = JSON.parse(text);
  } catch {
    throw bad('must be a JSON object, for example {"identity":"alice"}');
  }
  if (!item || typeof item !== 'object' || Array.isArray(item)) throw bad('must be a JSON object');
  const o = item as Record<string, unknown>;
  for (const key of Object.keys(o)) if (!ITEM_KEYS.has(key)) throw bad(`has an unknown field '${key}'`);
  const text_ = (value: unknown, name: string, max: number): string | undefined => {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw bad(`field '${name}' must be a string`);
    if (value.length > max) throw bad(`field '${name}' must be at most ${max} characters`);
    return value;
  };
  const binding = o.messaging_binding;
  if (binding !== undefined && binding !== null && (typeof binding !== 'object' || Array.isArray(binding))) {
    throw bad("field 'messaging_binding' must be an object");
  }
  const b = (binding ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(b)) if (!BINDING_KEYS.has(key)) throw bad(`has an unknown field 'messaging_binding.${key}'`);
  const attributes =
    o.attributes === undefined ? undefined : typeof o.attributes === 'string' ? o.attributes : JSON.stringify(o.attributes);
  if (attributes !== undefined) {
    if (Buffer.byteLength(attributes) > PARTICIPANT_LIMITS.attributesBytes)
      throw Errors.attributesTooLong(PARTICIPANT_LIMITS.attributesBytes);
    try {
      JSON.parse(attributes);
    } catch {
      throw Errors.attributesNotJson();
    }
  }
  const roleSid = text_(o.role_sid, 'role_sid', 34);
  if (roleSid !== undefined && !/^RL[0-9a-fA-F]{32}$/.test(roleSid)) throw bad("field 'role_sid' must be an RL SID");
  return {
    identity: text_(o.identity, 'identity', PARTICIPANT_LIMITS.identityLength),
    address: text_(b.address, 'messaging_binding.address', 256),
    proxyAddress: text_(b.proxy_address, 'messaging_binding.proxy_address', 256),
    projectedAddress: text_(b.projected_address, 'messaging_binding.projected_address', 256),
    roleSid: roleSid?.slice(0, 2).concat(roleSid.slice(2).toLowerCase()),
    attributes,
  };
}

/** The same identity or the same pair twice in one request would conflict with itself. */
function rejectDuplicates(participants: NewParticipant[]): void {
  const identities = new Set<string>();
  const pairs = new Set<string>();
  for (const p of participants) {
    if (p.kind === 'chat') {
      if (identities.has(p.identity)) throw Errors.participantExists(p.identity);
      identities.add(p.identity);
    } else {
      const key = `${p.address}\u0000${p.proxyAddress}`;
      if (pairs.has(key)) throw Errors.invalidParameter(`Participant pair (${p.address}, ${p.proxyAddress}) is given twice`);
      pairs.add(key);
    }
  }
}
