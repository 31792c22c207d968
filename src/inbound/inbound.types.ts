/** An inbound carrier message, read from Twilio's webhook fields. */
export interface InboundMessage {
  messageSid: string;
  from: string;
  to: string;
  body: string;
  media: { url: string; contentType: string | null }[];
}

/** What became of an inbound message. */
export type InboundResult =
  | { kind: 'stored'; conversationSid: string; messageSid: string; autocreated: boolean }
  | { kind: 'duplicate'; conversationSid: string }
  | { kind: 'ignored'; reason: string };
