/**
 * The external integration of a Flex Flow, as the webhooks worker reads it for a conversation: on
 * Twilio, Flex gives each channel it makes a channel-scoped webhook (type webhook, filter
 * onMessageSent) pointing at the flow's URL; the router keeps the flow as the one source of the URL
 * and retry count, and the channel's webhook SID.
 */
export interface FlexHookForTargets {
  flowSid: string;
  url: string;
  /** Integration.RetryCount: retries after the first attempt (0 to 3). */
  retryCount: number;
  webhookSid: string;
}

/**
 * The form fields of Flex's external-integration post for a new message: Programmable Chat's
 * onMessageSent, as a channel-scoped webhook sends it, built from the change feed's onMessageAdded
 * fields. `retryCount` is the attempt's (0 on the first). Pure, so it is unit-tested.
 */
export function flexMessageParams(
  payload: Record<string, string>,
  hook: Pick<FlexHookForTargets, 'webhookSid'>,
  retryCount: number,
): Record<string, string> {
  const params: Record<string, string> = {
    EventType: 'onMessageSent',
    AccountSid: payload.AccountSid,
    InstanceSid: payload.ChatServiceSid,
    ChannelSid: payload.ConversationSid,
    MessageSid: payload.MessageSid,
    Index: payload.Index,
    From: payload.Author,
    Attributes: payload.Attributes ?? '{}',
    DateCreated: payload.DateCreated,
    Source: payload.Source,
    RetryCount: String(retryCount),
    WebhookType: 'webhook',
    WebhookSid: hook.webhookSid,
  };
  if (payload.Body !== undefined) params.Body = payload.Body;
  if (payload.ClientIdentity !== undefined) params.ClientIdentity = payload.ClientIdentity;
  const media = firstMedia(payload.Media);
  if (media) {
    params.MediaSid = media.sid;
    params.MediaContentType = media.content_type;
    params.MediaSize = String(media.size);
    if (media.filename) params.MediaFilename = media.filename;
  }
  for (const [key, value] of Object.entries(params)) if (value === undefined) delete params[key];
  return params;
}

/** A Chat message has one media item: the first of the conversation message's. */
function firstMedia(json: string | undefined): { sid: string; content_type: string; size: number; filename: string | null } | null {
  if (!json) return null;
  try {
    const items = JSON.parse(json) as unknown;
    if (!Array.isArray(items) || !items.length) return null;
    const m = items[0] as Record<string, unknown>;
    if (typeof m.sid !== 'string') return null;
    return {
      sid: m.sid,
      content_type: String(m.content_type ?? ''),
      size: Number(m.size ?? 0),
      filename: typeof m.filename === 'string' ? m.filename : null,
    };
  } catch {
    return null;
  }
}
