/** The one error type of the router: a Twilio error code, an HTTP status and a message a person can act on. */
export class TwilioError extends Error {
  constructor(
    readonly code: number,
    readonly status: number,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'TwilioError';
  }

  get moreInfo(): string {
    return `https://www.twilio.com/docs/errors/${this.code}`;
  }

  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      more_info: this.moreInfo,
      status: this.status,
      ...(this.details ? { details: this.details } : {}),
    };
  }
}
