import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { Errors } from '../errors';
import { OutboundBlocked, type OutboundPolicy } from '../outbound-policy';
import { TwilioError } from '../twilio-error';
import { type DtoClass, ParamSpec, paramSpecs } from './twilio-param.decorator';
import { type OutboundUrlSpec, outboundUrls } from './validators';

type RawParams = Record<string, string | string[] | undefined>;

const NUL = '\u0000';
const hasNul = (v: unknown): boolean => (typeof v === 'string' ? v.includes(NUL) : Array.isArray(v) && v.some(hasNul));

/**
 * PostgreSQL text cannot hold U+0000: refused in every parameter (path, query, body, names too),
 * here where all of them pass, before anything is written.
 */
function refuseNul(value: unknown, metadata: ArgumentMetadata): void {
  const refuse = (name: string) => Errors.invalidParameter(`${name} must not contain NUL characters (%00)`);
  if (hasNul(value))
    throw refuse(metadata.type === 'param' ? `Path parameter ${metadata.data ?? ''}`.trim() : `Parameter ${metadata.data ?? ''}`.trim());
  const proto = value && typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if ((proto === null || proto === Object.prototype) && (metadata.type === 'body' || metadata.type === 'query')) {
    for (const [key, given] of Object.entries(value as object)) {
      if (key.includes(NUL) || hasNul(given)) throw refuse(`Parameter '${key.replace(/\0/g, '%00')}'`);
    }
  }
}

interface CompiledDto {
  byName: Map<string, ParamSpec>;
  byProperty: Map<string, ParamSpec>;
  accepted: string;
  outboundUrls: OutboundUrlSpec[];
}

/**
 * The one validation pipe for Twilio-style parameters (form bodies and query strings):
 * maps wire names to DTO properties, rejects unknown or repeated parameters, converts types
 * (booleans, integers, dates, case-insensitive enums) and answers the first rule broken with
 * its Twilio code. Applies only to classes declared with @TwilioParam, but for the NUL character,
 * refused in every parameter of every route.
 */
@Injectable()
export class TwilioParamsPipe implements PipeTransform {
  private readonly compiled = new WeakMap<DtoClass, CompiledDto | null>();

  /** `outbound`: where @OutboundUrl parameters may point (none in unit tests of the syntax alone). */
  constructor(private readonly outbound?: OutboundPolicy) {}

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'custom') refuseNul(value, metadata);
    if ((metadata.type !== 'body' && metadata.type !== 'query') || !metadata.metatype) return value;
    const dto = this.compile(metadata.metatype);
    if (!dto) return value;

    const raw = (value && typeof value === 'object' ? value : {}) as RawParams;
    const plain: Record<string, unknown> = {};
    for (const [key, given] of Object.entries(raw)) {
      const spec = dto.byName.get(key.toLowerCase());
      if (!spec) {
        throw Errors.invalidParameter(`Unknown parameter '${key}'. Parameters accepted here: ${dto.accepted}`);
      }
      if (given === undefined) continue;
      if (spec.array) {
        plain[spec.property] = Array.isArray(given) ? given : [given];
      } else if (Array.isArray(given)) {
        throw Errors.invalidParameter(`Parameter '${spec.wireName}' was given ${given.length} times; give it once`);
      } else {
        plain[spec.property] = given;
      }
    }

    const instance = plainToInstance(metadata.metatype, plain) as object;
    const errors = validateSync(instance, { skipMissingProperties: false, forbidUnknownValues: false });
    if (errors.length) throw this.toTwilioError(errors[0], dto);
    const urls = this.outbound ? dto.outboundUrls.filter((u) => typeof (instance as Record<string, unknown>)[u.property] === 'string') : [];
    // Only requests that set a webhook URL wait for a look-up; every other one stays synchronous.
    return urls.length ? this.checkDestinations(instance, urls, dto) : instance;
  }

  /** A webhook URL that points inside the network (or resolves there now) is refused with the parameter's code. */
  private async checkDestinations(instance: object, urls: OutboundUrlSpec[], dto: CompiledDto): Promise<object> {
    for (const { property, code } of urls) {
      try {
        await this.outbound!.checkUrl((instance as Record<string, string>)[property]);
      } catch (err) {
        if (!(err instanceof OutboundBlocked)) throw err;
        const wireName = dto.byProperty.get(property)?.wireName ?? property;
        throw new TwilioError(code, 400, `${wireName} must be a public URL: ${err.reason}`);
      }
    }
    return instance;
  }

  private compile(metatype: DtoClass): CompiledDto | null {
    let compiled = this.compiled.get(metatype);
    if (compiled === undefined) {
      const specs = paramSpecs(metatype);
      compiled = specs
        ? {
            byName: new Map(specs.map((s) => [s.wireName.toLowerCase(), s])),
            byProperty: new Map(specs.map((s) => [s.property, s])),
            accepted: specs.map((s) => s.wireName).join(', '),
            outboundUrls: outboundUrls(metatype),
          }
        : null;
      this.compiled.set(metatype, compiled);
    }
    return compiled;
  }

  private toTwilioError(error: ValidationError, dto: CompiledDto): TwilioError {
    const wireName = dto.byProperty.get(error.property)?.wireName ?? error.property;
    const [constraint, message] = Object.entries(error.constraints ?? {})[0] ?? ['', `${wireName} is invalid`];
    const code = (error.contexts?.[constraint]?.code as number | undefined) ?? 20001;
    const text = message.startsWith(error.property) ? wireName + message.slice(error.property.length) : message;
    return new TwilioError(code, 400, text);
  }
}
