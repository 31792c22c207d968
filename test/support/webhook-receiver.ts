import http from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';

export interface ReceivedWebhook {
  method: string;
  path: string;
  /** The full URL as requested (what the signature covers). */
  url: string;
  headers: http.IncomingHttpHeaders;
  /** Form fields of a POST, query fields of a GET. */
  params: Record<string, string>;
  at: number;
}

export interface WebhookAnswer {
  status?: number;
  body?: string;
  contentType?: string;
  delayMs?: number;
}

/** A local receiver of the router's webhooks: records every request; answers are programmable per path. */
export interface WebhookReceiver {
  url(path: string): string;
  readonly received: ReceivedWebhook[];
  /** Answers for a path: a fixed answer, or one per request in turn (the last repeats). */
  answer(path: string, ...answers: WebhookAnswer[]): void;
  /** Requests on a path whose EventType matches, waiting until `count` arrived (or the timeout). */
  waitFor(path: string, predicate: (w: ReceivedWebhook) => boolean, count?: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  /** True when the request carries a valid X-Twilio-Signature for this auth token. */
  signedBy(w: ReceivedWebhook, authToken: string): boolean;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const answers = new Map<string, WebhookAnswer[]>();
  const served = new Map<string, number>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${req.url}`;
      const parsed = new URL(url);
      const params = Object.fromEntries(req.method === 'GET' ? parsed.searchParams : new URLSearchParams(body));
      received.push({ method: req.method ?? '', path: parsed.pathname, url, headers: req.headers, params, at: Date.now() });
      const list = answers.get(parsed.pathname) ?? [{}];
      const n = served.get(parsed.pathname) ?? 0;
      served.set(parsed.pathname, n + 1);
      const answer = list[Math.min(n, list.length - 1)];
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(answer.status ?? 200, answer.contentType ? { 'content-type': answer.contentType } : {}).end(answer.body ?? '');
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    received,
    answer: (path, ...list) => {
      answers.set(path, list);
      served.set(path, 0);
    },
    async waitFor(path, predicate, count = 1, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const matching = received.filter((w) => w.path === path && predicate(w));
        if (matching.length >= count || Date.now() > deadline) return matching;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    signedBy: (w, authToken) => {
      const signature = w.headers['x-twilio-signature'];
      return typeof signature === 'string' && twilio.validateRequest(authToken, signature, w.url, w.method === 'GET' ? {} : w.params);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
