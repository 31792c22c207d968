/** BullMQ queues. Job payloads carry ids only; a job id makes a job idempotent. */
export const QueueName = {
  /** One job per delivery receipt (job id = DY SID): send through the proxy address's channel. */
  Delivery: 'delivery',
  /** One job per event webhook request: signed POST/GET with retries. */
  Webhooks: 'webhooks',
  /** Delayed jobs moving conversations active -> inactive -> closed. */
  Timers: 'timers',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];
