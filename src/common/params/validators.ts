import { Transform } from 'class-transformer';
import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { isSid, normalizeSid, SidPrefix } from '../sid';
import { parseDuration } from '../duration';

/**
 * Reusable rules for Twilio parameters. Each carries the Twilio error code to answer with
 * (ValidationOptions.context.code); messages start with $property, which the pipe turns into the wire name.
 */
export type CodedOptions = { code?: number; message?: string };

function rule(
  name: string,
  check: (value: unknown, args: ValidationArguments) => boolean,
  defaultMessage: string,
  defaultCode: number,
  options: CodedOptions = {},
): PropertyDecorator {
  return (target, propertyName) => {
    const validationOptions: ValidationOptions = {
      message: options.message ?? defaultMessage,
      context: { code: options.code ?? defaultCode },
    };
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      options: validationOptions,
      validator: { validate: (value, args) => value === undefined || check(value, args!) },
    });
  };
}

const firstValue = (value: unknown) => (Array.isArray(value) ? value : [value]);

export function Text(maxLength: number, options: CodedOptions & { minLength?: number } = {}): PropertyDecorator {
  const min = options.minLength ?? 0;
  return rule(
    'text',
    (v) => typeof v === 'string' && [...v].length <= maxLength && [...v].length >= min,
    min > 0 ? `$property must be ${min} to ${maxLength} characters` : `$property must be at most ${maxLength} characters`,
    20001,
    options,
  );
}

export function TextList(maxItems: number, maxLength: number, options: CodedOptions = {}): PropertyDecorator {
  return rule(
    'textList',
    (v) => Array.isArray(v) && v.length <= maxItems && v.every((s) => typeof s === 'string' && s.length <= maxLength),
    `$property takes at most ${maxItems} values of at most ${maxLength} characters`,
    20001,
    options,
  );
}

/** A JSON document passed as a string (Attributes), at most maxBytes of UTF-8. */
export function JsonString(maxBytes: number, options: { code?: number } = {}): PropertyDecorator {
  return (target, property) => {
    rule(
      'jsonSize',
      (v) => typeof v === 'string' && Buffer.byteLength(v) <= maxBytes,
      `$property must be at most ${maxBytes} bytes`,
      50303,
    )(target, property);
    rule(
      'json',
      (v) => {
        if (typeof v !== 'string') return false;
        try {
          JSON.parse(v);
          return true;
        } catch {
          return false;
        }
      },
      '$property must be a valid JSON string',
      options.code ?? 50304,
    )(target, property);
  };
}

/** A SID with the given prefix; the hex part is normalised to lowercase. */
export function Sid(prefix: SidPrefix, options: CodedOptions = {}): PropertyDecorator {
  return (target, property) => {
    Transform(({ value }) => (typeof value === 'string' ? normalizeSid(value.trim()) : value))(target, property);
    rule(
      'sid',
      (v) => isSid(v, prefix),
      `$property must be a ${prefix} SID (${prefix} followed by 32 hex digits)`,
      20001,
      options,
    )(target, property);
  };
}

export function SidList(prefix: SidPrefix, maxItems: number, options: CodedOptions = {}): PropertyDecorator {
  return (target, property) => {
    Transform(({ value }) => (Array.isArray(value) ? value.map((s) => (typeof s === 'string' ? normalizeSid(s.trim()) : s)) : value))(
      target,
      property,
    );
    rule(
      'sidList',
      (v) => Array.isArray(v) && v.length <= maxItems && v.every((s) => isSid(s, prefix)),
      `$property takes up to ${maxItems} ${prefix} SIDs`,
      20001,
      options,
    )(target, property);
  };
}

/** An enum compared case-insensitively; the canonical spelling is kept. `emptyCode` answers an empty value. */
export function OneOf(values: readonly string[], options: CodedOptions & { emptyCode?: number } = {}): PropertyDecorator {
  const byLower = new Map(values.map((v) => [v.toLowerCase(), v]));
  const isEmpty = (v: unknown) => options.emptyCode !== undefined && typeof v === 'string' && v.trim() === '';
  return (target, property) => {
    Transform(({ value }) =>
      Array.isArray(value)
        ? value.map((v) => (typeof v === 'string' ? (byLower.get(v.trim().toLowerCase()) ?? v) : v))
        : typeof value === 'string'
          ? (byLower.get(value.trim().toLowerCase()) ?? value)
          : value,
    )(target, property);
    if (options.emptyCode !== undefined) {
      rule('notEmpty', (v) => !isEmpty(v), "$property can't be empty", options.emptyCode)(target, property);
    }
    rule(
      'oneOf',
      (v) => isEmpty(v) || firstValue(v).every((x) => typeof x === 'string' && byLower.get(x.toLowerCase()) === x),
      `$property must be one of: ${values.join(', ')}`,
      20001,
      options,
    )(target, property);
  };
}

export function Bool(options: CodedOptions = {}): PropertyDecorator {
  return (target, property) => {
    Transform(({ value }) => {
      if (typeof value !== 'string') return value;
      const v = value.trim().toLowerCase();
      return v === 'true' ? true : v === 'false' ? false : value;
    })(target, property);
    rule('bool', (v) => typeof v === 'boolean', '$property must be true or false', 20001, options)(target, property);
  };
}

export function Int(min: number, max: number = Number.MAX_SAFE_INTEGER, options: CodedOptions = {}): PropertyDecorator {
  return (target, property) => {
    Transform(({ value }) => (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value))(target, property);
    rule(
      'int',
      (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max,
      max === Number.MAX_SAFE_INTEGER
        ? `$property must be an integer of at least ${min}`
        : `$property must be an integer from ${min} to ${max}`,
      20001,
      options,
    )(target, property);
  };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** `YYYY-MM-DD` names a real day (Date() would roll 2021-02-30 over to March 2). */
function isCalendarDay(ymd: string): boolean {
  const [y, m, d] = ymd.split('-').map(Number);
  // setUTCFullYear, not Date.UTC: Date.UTC reads the years 0 to 99 as 1900 to 1999.
  const day = new Date(0);
  day.setUTCFullYear(y, m - 1, d);
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

/** An ISO-8601 date or date-time (UTC when no offset is given), turned into a Date. */
export function IsoDate(options: CodedOptions = {}): PropertyDecorator {
  return (target, property) => {
    Transform(({ value }) => {
      if (typeof value !== 'string' || !ISO_DATE.test(value.trim())) return value;
      const text = value.trim();
      const withZone = /T/.test(text) && !/(Z|[+-]\d{2}:?\d{2})$/.test(text) ? `${text}Z` : text;
      const date = new Date(withZone);
      return Number.isNaN(date.getTime()) || !isCalendarDay(text.slice(0, 10)) ? value : date;
    })(target, property);
    rule(
      'isoDate',
      (v) => v instanceof Date,
      '$property must be an ISO-8601 date, for example 2024-01-02T03:04:05Z',
      20001,
      options,
    )(target, property);
  };
}

/** An ISO-8601 duration such as PT10M or P1D. */
export function Duration(options: CodedOptions = {}): PropertyDecorator {
  return rule(
    'duration',
    (v) => typeof v === 'string' && parseDuration(v) !== undefined,
    '$property must be an ISO-8601 duration, for example PT10M or P1D',
    20001,
    options,
  );
}

/** An absolute http(s) URL. */
export function HttpUrl(maxLength = 2048, options: CodedOptions = {}): PropertyDecorator {
  return rule(
    'httpUrl',
    (v) => {
      if (typeof v !== 'string' || v.length > maxLength) return false;
      try {
        const u = new URL(v);
        return u.protocol === 'http:' || u.protocol === 'https:';
      } catch {
        return false;
      }
    },
    `$property must be an absolute http(s) URL of at most ${maxLength} characters`,
    20001,
    options,
  );
}

const OUTBOUND_URLS = Symbol('twilio:outbound-urls');

export interface OutboundUrlSpec {
  property: string;
  code: number;
}

/**
 * An absolute http(s) URL the router will call on the account's behalf (a webhook): besides its
 * syntax, TwilioParamsPipe checks it against the outbound policy (OUTBOUND_ALLOW_HOSTS), so that a
 * loopback, private or metadata address is refused when it is set, with the parameter's code.
 */
export function OutboundUrl(maxLength = 2048, options: CodedOptions = {}): PropertyDecorator {
  return (target, property) => {
    HttpUrl(maxLength, options)(target, property);
    const own: OutboundUrlSpec[] = Reflect.getOwnMetadata(OUTBOUND_URLS, target) ?? [];
    own.push({ property: String(property), code: options.code ?? 20001 });
    Reflect.defineMetadata(OUTBOUND_URLS, own, target);
  };
}

/** The @OutboundUrl properties of a DTO class, its parents' included. */
export function outboundUrls(dto: abstract new (...args: never[]) => unknown): OutboundUrlSpec[] {
  const specs: OutboundUrlSpec[] = [];
  for (let proto = dto.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    specs.push(...((Reflect.getOwnMetadata(OUTBOUND_URLS, proto) as OutboundUrlSpec[] | undefined) ?? []));
  }
  return specs;
}

/** A parameter that must be given (and not empty); `code` answers its absence. */
export function Required(options: CodedOptions = {}): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'required',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: options.message ?? '$property is required', context: { code: options.code ?? 20001 } },
      validator: { validate: (value) => value !== undefined && !(typeof value === 'string' && value.trim() === '') },
    });
  };
}
