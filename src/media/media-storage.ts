import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

/** Where media bytes live. One implementation today (local disk); an object store fits the same shape. */
export interface MediaStorage {
  /** Stores a stream under `key`; rejects with MediaTooLarge past `maxBytes`, leaving nothing behind. */
  put(key: string, content: Readable, maxBytes: number): Promise<{ size: number }>;
  get(key: string): Promise<Readable>;
  delete(key: string): Promise<void>;
}

export const MEDIA_STORAGE = Symbol('MEDIA_STORAGE');

export class MediaTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`media is larger than ${maxBytes} bytes`);
  }
}

/** Files under a directory, written to a temporary name and renamed once complete. */
export class LocalDiskStorage implements MediaStorage {
  constructor(private readonly root: string) {}

  async put(key: string, content: Readable, maxBytes: number): Promise<{ size: number }> {
    const file = this.file(key);
    const partial = `${file}.partial`;
    await mkdir(path.dirname(file), { recursive: true });
    let size = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        done(size > maxBytes ? new MediaTooLarge(maxBytes) : null, chunk);
      },
    });
    try {
      await pipeline(content, counter, createWriteStream(partial, { flags: 'wx' }));
      await rename(partial, file);
      return { size };
    } catch (err) {
      await rm(partial, { force: true });
      throw err;
    }
  }

  async get(key: string): Promise<Readable> {
    const file = this.file(key);
    await stat(file);
    return createReadStream(file);
  }

  async delete(key: string): Promise<void> {
    await rm(this.file(key), { force: true });
  }

  /** Keys are SIDs; two levels of directories keep folders small. */
  private file(key: string): string {
    if (!/^[A-Za-z0-9]+$/.test(key)) throw new Error(`invalid media key ${key}`);
    return path.join(this.root, key.slice(-2), key.slice(-4, -2), key);
  }
}
