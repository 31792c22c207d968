import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';

type Listener = (key: string) => void;

/**
 * Tells every process that a cached record changed (a rotated auth token, a deleted API key or
 * service), through Redis pub/sub. Each process keeps only short-lived caches, so a lost message
 * costs at most one TTL of staleness.
 */
@Injectable()
export class InvalidationBus implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(InvalidationBus.name);
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly channel: string;
  private subscriber?: Redis;
  private publisher?: Redis;

  constructor(private readonly config: AppConfig) {
    this.channel = `${config.queuePrefix}:invalidate`;
  }

  async onModuleInit(): Promise<void> {
    this.publisher = new Redis(this.config.redisUrl, { maxRetriesPerRequest: 3 });
    this.subscriber = new Redis(this.config.redisUrl, { maxRetriesPerRequest: null });
    this.subscriber.on('message', (_channel: string, payload: string) => this.dispatch(payload));
    this.subscriber.on('error', (err: Error) => this.logger.warn({ err: err.message }, 'invalidation subscriber error'));
    await this.subscriber.subscribe(this.channel);
  }

  async onModuleDestroy(): Promise<void> {
    this.subscriber?.disconnect();
    this.publisher?.disconnect();
  }

  /** Registers a listener for one topic (e.g. `credential`). */
  on(topic: string, listener: Listener): void {
    if (!this.listeners.has(topic)) this.listeners.set(topic, new Set());
    this.listeners.get(topic)!.add(listener);
  }

  /** Invalidates locally at once, then everywhere else. */
  async publish(topic: string, key: string): Promise<void> {
    const payload = JSON.stringify([topic, key]);
    this.dispatch(payload);
    try {
      await this.publisher?.publish(this.channel, payload);
    } catch (err) {
      this.logger.warn(
        { err: (err as Error).message, topic },
        'could not publish an invalidation; other processes refresh after their TTL',
      );
    }
  }

  private dispatch(payload: string): void {
    try {
      const [topic, key] = JSON.parse(payload) as [string, string];
      this.listeners.get(topic)?.forEach((listener) => listener(key));
    } catch {
      this.logger.warn('ignored a malformed invalidation message');
    }
  }
}
