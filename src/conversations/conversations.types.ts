export type ConversationState = 'initializing' | 'active' | 'inactive' | 'closed';

export interface ConversationRecord {
  sid: string;
  accountSid: string;
  serviceSid: string;
  messagingServiceSid: string | null;
  friendlyName: string | null;
  uniqueName: string | null;
  attributes: string;
  state: string;
  timerInactive: string | null;
  timerClosed: string | null;
  dateInactive: Date | null;
  dateClosed: Date | null;
  bindings: unknown;
  createdBy: string | null;
  dateCreated: Date;
  dateUpdated: Date;
}

export interface ConversationFilter {
  state?: string;
  startDate?: Date;
  endDate?: Date;
}

/** Fields a create or update writes (already validated). */
export interface ConversationWrite {
  friendlyName?: string | null;
  uniqueName?: string | null;
  attributes?: string;
  messagingServiceSid?: string | null;
  state?: ConversationState;
  timerInactive?: string | null;
  timerClosed?: string | null;
  dateInactive?: Date | null;
  dateClosed?: Date | null;
  bindings?: Record<string, unknown>;
  createdBy?: string | null;
  dateCreated?: Date;
  dateUpdated?: Date;
}
