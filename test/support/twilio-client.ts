import twilio from 'twilio';

type RequestOptions<T> = Parameters<twilio.RequestClient['request']>[0] & { data?: T };

/**
 * The twilio library's own HTTP client, with every *.twilio.com origin rewritten to the router
 * (twilio-clients.md §1.2). Paging URLs the router returns already name the router and pass through.
 */
export class RedirectingRequestClient extends twilio.RequestClient {
  private readonly base: URL;

  constructor(baseUrl: string, opts: ConstructorParameters<typeof twilio.RequestClient>[0] = {}) {
    // No keep-alive: the router is closed between test files and idle sockets would keep Jest waiting.
    super({ keepAlive: false, ...opts });
    this.base = new URL(baseUrl);
  }

  override request<TData>(opts: RequestOptions<TData>) {
    const url = new URL(opts.uri);
    if (url.hostname === 'twilio.com' || url.hostname.endsWith('.twilio.com')) {
      return super.request<TData>({ ...opts, uri: this.base.origin + url.pathname + url.search });
    }
    return super.request<TData>(opts);
  }
}

export interface TwilioClientOptions {
  /** Router origin; defaults to the PUBLIC_URL of the router started last. */
  baseUrl?: string;
  /** The account an API key acts for (twilio's `accountSid` option). */
  accountSid?: string;
}

/** The official client, unmodified but for its HTTP layer, pointed at the router. */
export function twilioClient(username: string, password: string, opts: TwilioClientOptions = {}): twilio.Twilio {
  const baseUrl = opts.baseUrl ?? process.env.PUBLIC_URL;
  if (!baseUrl) throw new Error('twilioClient: start a router first or pass baseUrl');
  return twilio(username, password, {
    httpClient: new RedirectingRequestClient(baseUrl),
    ...(opts.accountSid ? { accountSid: opts.accountSid } : {}),
  });
}
