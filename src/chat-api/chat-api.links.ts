/**
 * The absolute URLs of the AIM API for one request (docs/sdk-wire.md 2.4): on the host label the SDK
 * used, since every later AIM URL is taken from these links. Media URLs are real HTTP, on PUBLIC_URL.
 */
export class AimLinks {
  readonly base: string;
  readonly service: string;

  constructor(
    host: string,
    readonly serviceSid: string,
    readonly identity: string,
    private readonly publicUrl: string,
  ) {
    this.base = `https://${host}/Client/v2`;
    this.service = `${this.base}/Services/${serviceSid}`;
  }

  get configuration(): string {
    return `${this.base}/Configuration`;
  }

  get conversations(): string {
    return `${this.service}/Conversations`;
  }

  conversation(conversationSid: string): string {
    return `${this.conversations}/${conversationSid}`;
  }

  participants(conversationSid: string): string {
    return `${this.conversation(conversationSid)}/Participants`;
  }

  participant(conversationSid: string, participantSid: string): string {
    return `${this.participants(conversationSid)}/${participantSid}`;
  }

  /** Chat's invites of a channel (the Chat SDK's `invite` and `decline`). */
  invites(conversationSid: string): string {
    return `${this.conversation(conversationSid)}/Invites`;
  }

  messages(conversationSid: string): string {
    return `${this.conversation(conversationSid)}/Messages`;
  }

  message(conversationSid: string, messageSid: string): string {
    return `${this.messages(conversationSid)}/${messageSid}`;
  }

  receipts(conversationSid: string, messageSid: string): string {
    return `${this.message(conversationSid, messageSid)}/Receipts`;
  }

  /** The template the SDK fills with the conversation and message SIDs, in that order. */
  get receiptsTemplate(): string {
    return this.receipts('%s', '%s');
  }

  get users(): string {
    return `${this.service}/Users`;
  }

  user(identity: string): string {
    return `${this.users}/${encodeURIComponent(identity)}`;
  }

  get myConversations(): string {
    return `${this.user(this.identity)}/Conversations`;
  }

  myConversation(conversationSid: string): string {
    return `${this.myConversations}/${conversationSid}`;
  }

  get typing(): string {
    return `${this.service}/Typing`;
  }

  get mediaService(): string {
    return `${this.publicUrl}/v1/Services/${this.serviceSid}/Media`;
  }

  get mediaSetService(): string {
    return `${this.publicUrl}/v1/Services/${this.serviceSid}/MediaSet`;
  }
}
