/** A Chat v2 invite (IN): an identity invited to a channel, with the channel role it takes on joining. */
export interface InviteRecord {
  sid: string;
  accountSid: string;
  serviceSid: string;
  conversationSid: string;
  identity: string;
  roleSid: string | null;
  createdBy: string | null;
  dateCreated: Date;
  dateUpdated: Date;
}

export interface InviteInput {
  identity: string;
  roleSid?: string;
}
