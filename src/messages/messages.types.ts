export interface MediaItem {
  sid: string;
  size: number;
  content_type: string;
  filename: string | null;
}

export interface DeliverySummary {
  total: number;
  sent: 'all' | 'some' | 'none';
  delivered: 'all' | 'some' | 'none';
  read: 'all' | 'some' | 'none';
  failed: 'all' | 'some' | 'none';
  undelivered: 'all' | 'some' | 'none';
}

export interface MessageRecord {
  sid: string;
  accountSid: string;
  serviceSid: string;
  conversationSid: string;
  index: number;
  author: string;
  body: string | null;
  attributes: string;
  participantSid: string | null;
  media: MediaItem[] | null;
  contentSid: string | null;
  subject: string | null;
  source: string;
  dateCreated: Date;
  dateUpdated: Date | null;
  /** Chat v2's last_updated_by (null until an update names it). */
  lastUpdatedBy: string | null;
  /** Null when the message has no non-chat recipient. */
  delivery: DeliverySummary | null;
}

/** Where a message comes from; carrier messages carry the carrier's SID for deduplication. */
export type MessageSource = 'API' | 'SDK' | 'SMS' | 'WHATSAPP';

export interface NewMessage {
  author: string;
  body: string | null;
  attributes: string;
  media: MediaItem[] | null;
  contentSid: string | null;
  subject: string | null;
  source: MessageSource;
  dateCreated: Date | null;
  dateUpdated: Date | null;
  /** The carrier's message SID of an inbound message: a second delivery of it is not stored again. */
  externalSid?: string | null;
  /** Chat v2's LastUpdatedBy, when a create names it (imports). */
  lastUpdatedBy?: string | null;
}

/** Counts of receipts per status, from which the `delivery` summary is derived. */
export interface ReceiptCounts {
  total: number;
  sent: number;
  delivered: number;
  read: number;
  failed: number;
  undelivered: number;
}

/** A new message as asked for through either API (Conversations v1 Author, Chat v2 From). */
export interface MessageInput {
  author?: string;
  lastUpdatedBy?: string;
  body?: string;
  attributes?: string;
  mediaSid?: string[];
  contentSid?: string;
  contentVariables?: string;
  subject?: string;
  dateCreated?: Date;
  dateUpdated?: Date;
}

/** A message update through either API. */
export interface MessageUpdateInput {
  author?: string;
  /** Chat v2: who made the change. */
  lastUpdatedBy?: string;
  body?: string;
  attributes?: string;
  subject?: string;
  dateCreated?: Date;
  dateUpdated?: Date;
}
