import { Injectable } from '@nestjs/common';
import { type ChannelFacts, channelVisible } from '../channel-access/channel-access.rules';
import { TwilioError } from '../common/twilio-error';
import { chatChannelType } from '../conversations/conversations.types';
import { RolesService } from '../roles/roles.service';
import type { RealtimeSession } from '../realtime/realtime.types';
import { documentData, itemsOf, removedOf, type RemovedItem, type SyncItem } from './sync-items';
import { candidatesOf, OBJECT_TYPE, type SyncObjectRef, type SyncObjectType } from './sync-objects';
import { type PageQuery, SyncStore } from './sync-store';

/** The host label the SDK's CDS requests carry (a routing label: everything is tunnelled over the socket). */
export const CDS_HOST = 'cds.us1.twilio.com';

const NOT_FOUND: Record<SyncObjectType, [number, string]> = {
  document: [54100, 'Document'],
  list: [54150, 'List'],
  map: [54200, 'Map'],
};

export const syncNotFound = (type: SyncObjectType, sid: string) =>
  new TwilioError(NOT_FOUND[type][0], 404, `The requested ${NOT_FOUND[type][1]} ${sid} was not found`);
const forbidden = (sid: string) => new TwilioError(54007, 403, `Access forbidden for identity to ${sid}`);

/** One Sync event, ready to render for an object: its type, id and body without the object's SID fields. */
export interface SyncEvent {
  type: string;
  id: number;
  body: Record<string, unknown>;
}

/** What changed in an object after a position: events in id order, and where they leave the object. */
export interface ObjectChanges {
  events: SyncEvent[];
  /** The position the events bring the object to (the stream's head when `complete`). */
  upTo: number;
  /** False when only a first chunk was read (`limit`): the rest follows from `upTo`. */
  complete: boolean;
  /** The object no longer exists (its conversation or user was deleted). */
  gone: boolean;
}

const urlOf = (host: string, ref: SyncObjectRef) =>
  `https://${host}/v3/${{ document: 'Documents', list: 'Lists', map: 'Maps' }[OBJECT_TYPE[ref.kind]]}/${ref.sid}`;

/**
 * The Sync (CDS) objects the Conversations SDK reads, projected from the domain tables and the stream
 * positions the change feed stamps on them (docs/change-feed.md): who may read which, their
 * descriptors and item pages, and what changed in one after a position (live fan-out and replay are
 * the same read). Read-only: the SDK never writes Sync.
 */
@Injectable()
export class SyncProjection {
  constructor(
    private readonly store: SyncStore,
    private readonly roles: RolesService,
  ) {}

  /**
   * The object a session asks for, if it may read it: a conversation's document (participants, and
   * whoever the channel rules let peek at it: ChannelAccess's channelVisible, so a Chat private
   * channel's invitees and creator, everyone for a Chat public channel, and for a Conversations-made
   * conversation users whose service role lets them join it, who peek at it first, as AIM's fetch
   * allows; not these last when the Chat SDK names it `CH<hex>.channel`: Chat shows it as private),
   * messages list and roster (participants), a user's info map (any user of the service: user info
   * is service-wide, as on Twilio) and conversation list (its own).
   */
  async open(session: RealtimeSession, objectSid: string, type: SyncObjectType): Promise<SyncObjectRef> {
    const ref = await this.store.resolve(session.serviceSid, candidatesOf(objectSid, type));
    if (!ref) throw syncNotFound(type, objectSid);
    if (!(await this.mayRead(session, ref))) throw forbidden(objectSid);
    return ref;
  }

  async mayRead(session: RealtimeSession, ref: SyncObjectRef): Promise<boolean> {
    switch (ref.kind) {
      case 'userConversations':
        return ref.userSid === session.userSid;
      case 'userInfo':
        return true;
      default: {
        const access = await this.store.conversationAccess(session.serviceSid, ref.conversationSid, session.identity);
        if (!access) return false;
        if (access.participant) return true;
        if (ref.kind !== 'conversation') return false;
        const facts: ChannelFacts = {
          channel: { sid: ref.conversationSid, type: ref.chatName ? chatChannelType(access.type) : access.type },
          member: false,
          invited: access.invited,
          creator: access.creator,
          grants: { service: [], conversation: null },
        };
        if (channelVisible(facts)) return true;
        if (facts.channel!.type !== 'conversation') return false;
        const grants = await this.roles.grants({ serviceSid: session.serviceSid, identity: session.identity });
        return grants !== null && channelVisible({ ...facts, grants });
      }
    }
  }

  async descriptor(ref: SyncObjectRef, host: string, withItems: boolean): Promise<Record<string, unknown>> {
    const type = OBJECT_TYPE[ref.kind];
    const url = urlOf(host, ref);
    if (ref.kind === 'conversation') {
      const page = await this.store.page(ref, { order: 'asc', size: 1 });
      if (page.head === null || !page.rows.length) throw syncNotFound(type, ref.sid);
      return { ...base(ref, url, page.head, page.rows[0].date_updated), data: documentData(page.rows[0]) };
    }
    const page = withItems ? await this.page(ref, host, { order: 'asc', size: 100 }) : null;
    const head = page ? page.head : await this.store.head(ref);
    if (head === null) throw syncNotFound(type, ref.sid);
    const descriptor: Record<string, unknown> = { ...base(ref, url, head, null), links: { items: `${url}/Items` } };
    if (page) descriptor.items = page.items;
    return descriptor;
  }

  /**
   * A page of items (`From` inclusive, or after it when `exclusive`), with the keys that start the
   * pages after and before it: the SDK only looks at whether they exist (3.3).
   */
  async page(
    ref: Exclude<SyncObjectRef, { kind: 'conversation' }>,
    host: string,
    query: PageQuery & { exclusive?: boolean },
  ): Promise<{ head: number | null; items: Record<string, unknown>[]; next: string | null; previous: string | null }> {
    const url = urlOf(host, ref);
    let head: number | null;
    let all: SyncItem[];
    let before: boolean;
    if (ref.kind === 'userInfo') {
      const page = await this.store.page(ref, query);
      head = page.head;
      all = itemsOf('userInfo', page.rows).sort((a, b) => (a.key < b.key ? -1 : 1));
      if (query.order === 'desc') all.reverse();
      if (query.key !== undefined) all = all.filter((i) => i.key === query.key);
      const from = query.from;
      const inRange = (i: SyncItem) => from === undefined || (query.order === 'asc' ? i.key >= from : i.key <= from);
      before = from !== undefined && all.some((i) => !inRange(i));
      all = all.filter(inRange);
    } else {
      const page = await this.store.page(ref, { ...query, size: query.size + (query.exclusive ? 1 : 0) });
      head = page.head;
      all = itemsOf(ref.kind, page.rows as never[]);
      before = page.before;
    }
    if (query.exclusive && all[0]?.key === query.from) {
      all = all.slice(1);
      before = true;
    } else if (query.exclusive) {
      all = all.slice(0, query.size + 1);
    }
    const items = all.slice(0, query.size);
    const next = all.length > query.size ? all[query.size].key : null;
    const previous = before && items.length ? items[0].key : null;
    return { head, items: items.map((i) => renderItem(ref, url, i)), next, previous };
  }

  /**
   * What changed in an object after `since` (compacted: each item once, at its last change; removed
   * items from their tombstones), in id order, at most about `limit` events. A document's change is
   * its whole data at the stream's head.
   */
  async changes(ref: SyncObjectRef, since: number, limit: number): Promise<ObjectChanges> {
    if (ref.kind === 'conversation') {
      const { head, rows } = await this.store.changes(ref, since, 1);
      if (head === null || !rows.length) return { events: [], upTo: since, complete: true, gone: true };
      if (head <= since) return { events: [], upTo: head, complete: true, gone: false };
      const event = { type: 'document_updated', id: head, body: { document_revision: String(head), document_data: documentData(rows[0]) } };
      return { events: [event], upTo: head, complete: true, gone: false };
    }
    const { head, rows, removed } = await this.store.changes(ref, since, limit);
    if (head === null) return { events: [], upTo: since, complete: true, gone: true };
    let items: SyncItem[] = itemsOf(ref.kind, rows as never[]).filter((i) => i.seq > since);
    let gone: RemovedItem[] = removedOf(removed);
    // A chunk: items and tombstones are each cut at `limit`; keep only what is certain to be complete.
    let upTo = head;
    let complete = true;
    if (rows.length >= limit || removed.length >= limit) {
      const cut = Math.min(
        rows.length >= limit ? Math.max(...items.map((i) => i.seq)) : Infinity,
        removed.length >= limit ? Math.max(...gone.map((t) => t.seq)) : Infinity,
      );
      items = items.filter((i) => i.seq <= cut);
      gone = gone.filter((t) => t.seq <= cut);
      upTo = cut;
      complete = false;
    }
    const type = OBJECT_TYPE[ref.kind];
    const url = urlOf(CDS_HOST, ref);
    const events: SyncEvent[] = [
      ...items.map((i) => ({
        type: `${type}_item_${i.createdSeq > since ? 'added' : 'updated'}`,
        id: i.seq,
        body: itemEventBody(ref, url, i),
      })),
      ...gone.map((t) => ({
        type: `${type}_item_removed`,
        id: t.seq,
        body: { [keyField(ref)]: keyValue(ref, t.key), item_data: t.data, [`${type}_revision`]: String(t.seq) },
      })),
    ].sort((a, b) => a.id - b.id);
    return { events, upTo, complete, gone: false };
  }
}

function base(ref: SyncObjectRef, url: string, head: number, dateUpdated: string | null) {
  return {
    sid: ref.sid,
    unique_name: null,
    url,
    revision: String(head),
    last_event_id: head,
    date_updated: new Date(dateUpdated ?? Date.now()).toISOString(),
    date_expires: null,
  };
}

const keyField = (ref: SyncObjectRef) => (OBJECT_TYPE[ref.kind] === 'list' ? 'item_index' : 'item_key');
const keyValue = (ref: SyncObjectRef, key: string) => (OBJECT_TYPE[ref.kind] === 'list' ? Number(key) : key);

function renderItem(ref: SyncObjectRef, url: string, i: SyncItem): Record<string, unknown> {
  return {
    [OBJECT_TYPE[ref.kind] === 'list' ? 'index' : 'key']: keyValue(ref, i.key),
    data: i.data,
    url: `${url}/Items/${encodeURIComponent(i.key)}`,
    revision: String(i.seq),
    last_event_id: i.seq,
    date_updated: i.dateUpdated,
    date_expires: null,
  };
}

function itemEventBody(ref: SyncObjectRef, url: string, i: SyncItem): Record<string, unknown> {
  const type = OBJECT_TYPE[ref.kind];
  return {
    [keyField(ref)]: keyValue(ref, i.key),
    item_url: `${url}/Items/${encodeURIComponent(i.key)}`,
    item_revision: String(i.seq),
    item_data: i.data,
    date_expires: null,
    [`${type}_revision`]: String(i.seq),
  };
}

/** The notification payload of events for one object (`twilio.sync.event`), with the object's SID field and date. */
export function renderEvents(ref: SyncObjectRef, events: SyncEvent[], correlationId?: number): Record<string, unknown>[] {
  const sidField = `${OBJECT_TYPE[ref.kind]}_sid`;
  const now = new Date().toISOString();
  return events.map((e) => ({
    event_type: e.type,
    ...(correlationId !== undefined ? { correlation_id: correlationId } : {}),
    event: { id: e.id, [sidField]: ref.sid, date_created: now, ...e.body },
  }));
}
