import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { parseDuration } from './duration';
import { Errors } from './errors';

/** Far beyond any real use; much longer timers overflow the dates they produce (JavaScript dates end in year 275760). */
const MAX_TIMER = 'P100Y';
const MAX_TIMER_MS = parseDuration(MAX_TIMER)!;

/** Twilio's rules for Timers.Inactive (>= PT1M, 50375/50379) and Timers.Closed (>= PT10M, 50376/50380). */
@Injectable()
export class TimerPolicy {
  private readonly minInactiveMs: number;
  private readonly minClosedMs: number;

  constructor(private readonly config: AppConfig) {
    this.minInactiveMs = parseDuration(config.timerMinimums.inactive) ?? 60_000;
    this.minClosedMs = parseDuration(config.timerMinimums.closed) ?? 600_000;
  }

  /** Milliseconds of a valid Timers.Inactive value. */
  inactive(text: string): number {
    const ms = parseDuration(text);
    if (ms === undefined) throw Errors.timerInactiveFormat();
    if (ms < this.minInactiveMs) throw Errors.timerInactiveTooShort(this.config.timerMinimums.inactive);
    if (ms > MAX_TIMER_MS) throw Errors.timerInactiveTooLong(MAX_TIMER);
    return ms;
  }

  /** Milliseconds of a valid Timers.Closed value. */
  closed(text: string): number {
    const ms = parseDuration(text);
    if (ms === undefined) throw Errors.timerClosedFormat();
    if (ms < this.minClosedMs) throw Errors.timerClosedTooShort(this.config.timerMinimums.closed);
    if (ms > MAX_TIMER_MS) throw Errors.timerClosedTooLong(MAX_TIMER);
    return ms;
  }
}
