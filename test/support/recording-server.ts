import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method?: string;
  url?: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A loopback HTTP server for unit tests of outbound requests: records each request whole, then hands the response to `answer`. */
export interface RecordingServer {
  readonly base: URL;
  readonly seen: RecordedRequest[];
  /** Writes the answer to each request; tests replace it (one that writes nothing is a silent receiver). */
  answer: (res: http.ServerResponse) => void;
  /** Forgets what was seen and sets the answer (for beforeEach). */
  reset(answer: (res: http.ServerResponse) => void): void;
  close(): Promise<void>;
}

export async function startRecordingServer(): Promise<RecordingServer> {
  const recording = {
    seen: [] as RecordedRequest[],
    answer: ((res) => void res.end()) as (res: http.ServerResponse) => void,
  };
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      recording.seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      recording.answer(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(recording, {
    base: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    reset(answer: (res: http.ServerResponse) => void) {
      recording.seen.length = 0;
      recording.answer = answer;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
