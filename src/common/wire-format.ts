/** ISO-8601 UTC without milliseconds, as Twilio's v1 APIs write dates. */
export function isoDate(date: Date | null | undefined): string | null {
  return date ? date.toISOString().replace(/\.\d{3}Z$/, 'Z') : null;
}

/** RFC 2822, as the 2010-04-01 API writes dates (`Thu, 01 Jan 2025 00:00:00 +0000`). */
export function rfc2822Date(date: Date | null | undefined): string | null {
  return date ? date.toUTCString().replace(/GMT$/, '+0000') : null;
}

/** Builds absolute URLs for `url`/`links` from PUBLIC_URL. */
export class UrlBuilder {
  constructor(private readonly origin: string) {}

  abs(path: string): string {
    return this.origin + path;
  }
}
