import cluster, { type Worker } from 'node:cluster';

/**
 * Requests between `npm start`'s supervisor and its children over node:cluster's IPC channel:
 * the supervisor asks each child for its metrics and readiness; an API child asks the supervisor
 * for the metrics of the whole process tree (its /metrics). Outside `npm start` a process has no
 * supervisor and none of this is used.
 */
export type IpcTopic = 'metrics' | 'readiness' | 'cluster-metrics';

interface IpcRequest {
  routerIpc: 'request';
  topic: IpcTopic;
  id: number;
}

interface IpcResponse {
  routerIpc: 'response';
  id: number;
  value?: unknown;
  error?: string;
}

type Handler = () => Promise<unknown>;

const handlers = new Map<IpcTopic, Handler>();
let nextId = 1;
const pending = new Map<number, { resolve: (value: unknown) => void; reject: (err: Error) => void; timer: NodeJS.Timeout }>();
let childListening = false;
let primaryListening = false;

const isRequest = (m: unknown): m is IpcRequest => (m as IpcRequest | null)?.routerIpc === 'request';
const isResponse = (m: unknown): m is IpcResponse => (m as IpcResponse | null)?.routerIpc === 'response';

/** True in a child of `npm start` (a node:cluster worker with an IPC channel to the supervisor). */
export function underSupervisor(): boolean {
  return cluster.isWorker && typeof process.send === 'function';
}

/** Child: answers the supervisor's requests on `topic` (the last handler set wins). */
export function answerSupervisor(topic: IpcTopic, handler: Handler): void {
  handlers.set(topic, handler);
  listenAsChild();
}

function listenAsChild(): void {
  if (childListening || !underSupervisor()) return;
  childListening = true;
  process.on('message', (message: unknown) => {
    if (isResponse(message)) return settle(message);
    if (!isRequest(message)) return;
    const handle = handlers.get(message.topic);
    const reply = (body: Omit<IpcResponse, 'routerIpc' | 'id'>) => {
      if (process.connected) process.send!({ routerIpc: 'response', id: message.id, ...body }, undefined, undefined, () => undefined);
    };
    if (!handle) return reply({ error: `no handler for ${message.topic}` });
    handle().then(
      (value) => reply({ value }),
      (err: Error) => reply({ error: err.message }),
    );
  });
}

/** Child: asks the supervisor (e.g. for the metrics of every process). */
export function askSupervisor<T>(topic: IpcTopic, timeoutMs: number): Promise<T> {
  if (!underSupervisor()) return Promise.reject(new Error('not running under npm start'));
  listenAsChild();
  return request<T>(topic, timeoutMs, (message, failed) => process.send!(message, undefined, undefined, (err) => err && failed(err)));
}

/** Supervisor: asks one child. */
export function askChild<T>(worker: Worker, topic: IpcTopic, timeoutMs: number): Promise<T> {
  listenAsPrimary();
  if (!worker.isConnected()) return Promise.reject(new Error('not connected'));
  return request<T>(topic, timeoutMs, (message, failed) => worker.send(message, undefined, (err) => err && failed(err)));
}

/** Supervisor: answers its children's requests on `topic`. */
export function answerChildren(topic: IpcTopic, handler: Handler): void {
  handlers.set(topic, handler);
  listenAsPrimary();
}

function listenAsPrimary(): void {
  if (primaryListening || !cluster.isPrimary) return;
  primaryListening = true;
  cluster.on('message', (worker: Worker, message: unknown) => {
    if (isResponse(message)) return settle(message);
    if (!isRequest(message)) return;
    const handle = handlers.get(message.topic);
    const reply = (body: Omit<IpcResponse, 'routerIpc' | 'id'>) => {
      // A child gone meanwhile gets no answer (a failed send is not an error of the supervisor's).
      if (worker.isConnected()) worker.send({ routerIpc: 'response', id: message.id, ...body }, undefined, () => undefined);
    };
    if (!handle) return reply({ error: `no handler for ${message.topic}` });
    handle().then(
      (value) => reply({ value }),
      (err: Error) => reply({ error: err.message }),
    );
  });
}

function request<T>(topic: IpcTopic, timeoutMs: number, send: (message: IpcRequest, failed: (err: Error) => void) => void): Promise<T> {
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    timer.unref();
    pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
    const failed = (err: Error) => {
      clearTimeout(timer);
      pending.delete(id);
      reject(err);
    };
    try {
      send({ routerIpc: 'request', topic, id }, failed);
    } catch (err) {
      failed(err as Error);
    }
  });
}

function settle(message: IpcResponse): void {
  const entry = pending.get(message.id);
  if (!entry) return;
  pending.delete(message.id);
  clearTimeout(entry.timer);
  if (message.error !== undefined) entry.reject(new Error(message.error));
  else entry.resolve(message.value);
}
