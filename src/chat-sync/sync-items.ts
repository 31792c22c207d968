import { conversationSyncSids, userSyncSids } from '../events/sync-sids';
import { chatChannelType } from '../conversations/conversations.types';
import { deliverySummary } from '../messages/delivery-summary';
import type { DocumentRow, MessageRow, ParticipantRow, RowsOf, TombstoneRow, UserRow } from './sync-store';
import type { SyncObjectKind } from './sync-objects';

/**
 * An item of a Sync list or map as the chat SDK reads it (docs/sdk-wire.md 4.2-4.6): its key (a list's
 * index as a decimal string), its data, and its positions in the stream: created and last changed.
 */
export interface SyncItem {
  key: string;
  data: Record<string, unknown>;
  seq: number;
  createdSeq: number;
  dateUpdated: string;
}

const iso = (value: string | null | undefined): string | null => (value ? new Date(value).toISOString() : null);

/** The conversation document's data (4.4): shared by every reader, so nothing per user. */
export function documentData(c: DocumentRow): Record<string, unknown> {
  const sids = conversationSyncSids(c.sid);
  const data: Record<string, unknown> = {
    friendlyName: c.friendly_name,
    uniqueName: c.unique_name,
    attributes: c.attributes,
    createdBy: c.created_by,
    dateCreated: iso(c.date_created),
    dateUpdated: iso(c.date_updated),
    messages: sids.messages,
    roster: sids.roster,
    state: { current: c.state, dateUpdated: iso(c.date_updated) },
    // The Chat SDK's channel type (the Conversations SDK ignores it).
    type: chatChannelType(c.channel_type),
    bindings: c.bindings ?? {},
  };
  if (c.last_index !== null) data.lastMessage = { index: c.last_index, timestamp: iso(c.last_at) };
  return data;
}

/** A message as an item of the messages list (4.5). */
export function messageItem(m: MessageRow): SyncItem {
  const medias = (m.media ?? []).map((x) => ({
    sid: x.sid,
    contentType: x.content_type,
    filename: x.filename ?? null,
    size: Number(x.size),
    category: m.media_categories?.[x.sid] ?? 'media',
  }));
  const data: Record<string, unknown> = {
    sid: m.sid,
    author: m.author,
    text: m.body,
    timestamp: iso(m.date_created),
    dateUpdated: iso(m.date_updated ?? m.date_created),
    lastUpdatedBy: m.date_updated ? m.author : null,
    attributes: m.attributes,
    type: medias.some((x) => x.category === 'media') ? 'media' : 'text',
    memberSid: m.participant_sid,
    subject: m.subject,
    contentSid: m.content_sid,
  };
  if (medias.length) {
    data.medias = medias;
    // The legacy single `media` is the first attachment (an email body or history is not one).
    const attachment = medias.find((x) => x.category === 'media');
    if (attachment) data.media = attachment;
  }
  const delivery = deliverySummary(m.receipts ?? undefined);
  if (delivery) data.delivery = delivery;
  return {
    key: String(m.index),
    data,
    seq: Number(m.event_seq),
    createdSeq: Number(m.created_seq),
    dateUpdated: iso(m.date_updated ?? m.date_created)!,
  };
}

/** A participant as an item of the roster (4.6). */
export function rosterItem(p: ParticipantRow): SyncItem {
  const chat = p.identity !== null;
  const data: Record<string, unknown> = {
    identity: p.identity,
    attributes: p.attributes,
    dateCreated: iso(p.date_created),
    dateUpdated: iso(p.date_updated),
    roleSid: p.role_sid ?? '',
    lastConsumedMessageIndex: p.last_read_message_index,
    lastConsumptionTimestamp: iso(p.last_read_timestamp),
    type: chat ? 'chat' : (p.binding_type ?? 'sms'),
    bindings: chat ? {} : { [p.binding_type ?? 'sms']: { address: p.address, proxy_address: p.proxy_address ?? p.projected_address } },
  };
  if (chat && p.user_sid) data.userInfo = userSyncSids(p.user_sid).info;
  return { key: p.sid, data, seq: Number(p.event_seq), createdSeq: Number(p.created_seq), dateUpdated: iso(p.date_updated)! };
}

/** A chat participation as an item of its user's conversation list (4.3), keyed by CH. */
export function userConversationItem(p: ParticipantRow): SyncItem {
  const sids = conversationSyncSids(p.conversation_sid);
  return {
    key: p.conversation_sid,
    data: {
      status: p.status ?? 'joined',
      channel: sids.document,
      messages: sids.messages,
      roster: sids.roster,
      lastConsumedMessageIndex: p.last_read_message_index,
      notificationLevel: p.notification_level,
    },
    seq: Number(p.user_event_seq ?? 0),
    createdSeq: Number(p.user_created_seq ?? 0),
    dateUpdated: iso(p.date_updated)!,
  };
}

/** The user-info map's three items (4.2). */
export function userInfoItems(u: UserRow): SyncItem[] {
  const at = iso(u.date_updated)!;
  return [
    { key: 'friendlyName', data: { value: u.friendly_name }, seq: Number(u.friendly_name_seq), createdSeq: 0, dateUpdated: at },
    { key: 'attributes', data: { value: u.attributes }, seq: Number(u.attributes_seq), createdSeq: 0, dateUpdated: at },
    {
      key: 'reachability',
      data: { online: u.online, notifiable: u.notifiable },
      seq: Number(u.reachability_seq),
      createdSeq: 0,
      dateUpdated: at,
    },
  ];
}

/** The items of rows of an object kind (not for the document). */
export function itemsOf<K extends Exclude<SyncObjectKind, 'conversation'>>(kind: K, rows: RowsOf[K][]): SyncItem[] {
  switch (kind) {
    case 'messages':
      return (rows as MessageRow[]).map(messageItem);
    case 'roster':
      return (rows as ParticipantRow[]).map(rosterItem);
    case 'userConversations':
      return (rows as ParticipantRow[]).map(userConversationItem);
    default:
      return (rows as UserRow[]).flatMap(userInfoItems);
  }
}

/** A removed item, as its tombstone remembers it. */
export interface RemovedItem {
  key: string;
  seq: number;
  data: unknown;
}

export const removedOf = (rows: TombstoneRow[]): RemovedItem[] => rows.map((t) => ({ key: t.item_key, seq: Number(t.seq), data: t.data }));
