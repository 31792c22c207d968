import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

export interface RecordedFrame {
  /** c2s: sent by the client, s2c: sent by the router. */
  direction: 'c2s' | 's2c';
  data: Buffer;
}

export interface TwilsockRecorder {
  /** Give this to the client instead of the router's URL. */
  url: string;
  frames: RecordedFrame[];
  close(): Promise<void>;
}

/**
 * A websocket proxy between a client and the router that records every message, byte for byte, in
 * both directions: how the fixtures in test/fixtures/twilsock were captured from the real SDK.
 */
export async function startTwilsockRecorder(targetUrl: string): Promise<TwilsockRecorder> {
  const frames: RecordedFrame[] = [];
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', (client: WebSocket) => {
    const upstream = new WebSocket(targetUrl);
    const early: Buffer[] = [];
    client.on('message', (data: Buffer) => {
      frames.push({ direction: 'c2s', data });
      if (upstream.readyState === WebSocket.OPEN) upstream.send(data);
      else early.push(data);
    });
    upstream.on('open', () => early.splice(0).forEach((data) => upstream.send(data)));
    upstream.on('message', (data: Buffer) => {
      frames.push({ direction: 's2c', data });
      if (client.readyState === WebSocket.OPEN) client.send(data);
    });
    const closeOther = (other: WebSocket) => (code: number, reason: Buffer) => {
      if (other.readyState === WebSocket.OPEN) other.close(code >= 1000 && code !== 1005 && code !== 1006 ? code : 1000, reason);
      else if (other.readyState === WebSocket.CONNECTING) other.terminate();
    };
    client.on('close', closeOther(upstream));
    upstream.on('close', closeOther(client));
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/v3/wsconnect`,
    frames,
    close: () =>
      new Promise<void>((resolve) => {
        server.clients.forEach((ws) => ws.terminate());
        server.close(() => resolve());
      }),
  };
}
