import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type ServerOptions, WebSocket, WebSocketServer } from 'ws';
import { AppConfig } from '../config/app-config';
import { RouterMetrics } from '../observability/router-metrics';
import { DEFAULT_REALTIME_LIMITS, type RealtimeLimits } from './realtime-limits';
import { RealtimeSessions } from './realtime-sessions';
import { SessionAuthenticator } from './session-authenticator';
import { TwilsockConnection } from './twilsock/twilsock-connection';
import { UpstreamRouter } from './upstream-router';

export const WSCONNECT_PATH = '/v3/wsconnect';
/** How long a shutdown waits for clients to answer the close before cutting them off. */
const SHUTDOWN_GRACE_MS = 2_000;

/**
 * `GET /v3/wsconnect` on the API's HTTP server: upgrades to a websocket (the `ws` library) and runs
 * one TwilsockConnection per socket. The upgrade happens before Fastify's routing, so no request hook
 * or request log sees it; other paths asking for an upgrade get a 404.
 */
@Injectable()
export class TwilsockGateway implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(TwilsockGateway.name);
  private readonly limits: RealtimeLimits;
  private readonly connections = new Map<WebSocket, TwilsockConnection>();
  private wss?: WebSocketServer;
  private heartbeat?: NodeJS.Timeout;
  /** False until the application is up and once it shuts down: upgrades are then refused with 503. */
  private accepting = false;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly authenticator: SessionAuthenticator,
    private readonly sessions: RealtimeSessions,
    private readonly upstream: UpstreamRouter,
    config: AppConfig,
    private readonly metrics: RouterMetrics,
  ) {
    this.limits = { ...DEFAULT_REALTIME_LIMITS, ...config.realtime };
  }

  onApplicationBootstrap(): void {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: this.limits.maxFrameBytes,
      perMessageDeflate: false,
      clientTracking: false,
      // While a close handshake is pending the connection answers nothing: a peer that does not
      // complete it would see its requests time out instead of a disconnect.
      closeTimeout: this.limits.closeTimeoutMs,
    } as ServerOptions & { closeTimeout: number }); // ws 8.23 has the option; @types/ws does not list it yet
    const server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
    this.heartbeat = setInterval(() => this.connections.forEach((connection) => connection.heartbeat()), this.limits.pingIntervalMs);
    this.heartbeat.unref();
    this.accepting = true;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.accepting = false;
    clearInterval(this.heartbeat);
    if (this.connections.size > 0) {
      this.logger.log({ connections: this.connections.size }, 'closing websocket connections');
      const closed = [...this.connections.keys()].map((ws) => new Promise((resolve) => ws.once('close', resolve)));
      this.connections.forEach((connection) => connection.shutdown());
      const grace = new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref());
      await Promise.race([Promise.all(closed), grace]);
      this.connections.forEach((_connection, ws) => ws.terminate());
    }
    this.wss?.close();
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const path = (req.url ?? '').split('?')[0].replace(/\/+$/, '');
    if (path !== WSCONNECT_PATH) return refuse(socket, 404, 'Not Found');
    if (!this.accepting || !this.wss) return refuse(socket, 503, 'Service Unavailable');
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  private accept(ws: WebSocket): void {
    const connection = new TwilsockConnection(ws, {
      limits: this.limits,
      authenticator: this.authenticator,
      sessions: this.sessions,
      upstream: this.upstream,
    });
    this.connections.set(ws, connection);
    this.metrics.websocketConnections.inc();
    ws.once('close', () => {
      this.connections.delete(ws);
      this.metrics.websocketConnections.dec();
    });
  }
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
