import { Injectable, LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';
import { AppConfig } from '../config/app-config';

/** Nest's account of every module and route it sets up at start: a page per process, useful only when debugging. */
const BOOT_DETAIL = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/**
 * Nest's logger on pino: one JSON line per event, structured fields first
 * (`logger.log({ accountSid }, 'account created')`), secrets redacted by key.
 */
@Injectable()
export class PinoLogger implements LoggerService {
  readonly pino: Logger;

  constructor(config: AppConfig) {
    this.pino = pino({
      level: config.logLevel,
      base: { pid: process.pid },
      redact: {
        paths: [
          'authorization',
          'password',
          'authToken',
          'auth_token',
          'secret',
          '*.authorization',
          '*.password',
          '*.authToken',
          '*.secret',
        ],
        censor: '[redacted]',
      },
    });
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /** Nest passes the logger's context (class name) as the last string parameter. */
  private write(requested: pino.Level, message: unknown, params: unknown[]): void {
    const rest = [...params];
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const level = requested === 'info' && context !== undefined && BOOT_DETAIL.has(context) ? 'debug' : requested;
    if (!this.pino.isLevelEnabled(level)) return;
    if (message instanceof Error) {
      this.pino[level]({ context, err: message }, message.message);
    } else if (message !== null && typeof message === 'object') {
      this.pino[level]({ context, ...(message as object) }, rest.filter((p) => typeof p === 'string').join(' '));
    } else {
      const stack = rest.find((p) => typeof p === 'string' && p.includes('\n    at '));
      this.pino[level]({ context, ...(stack ? { stack } : {}) }, String(message));
    }
  }
}
