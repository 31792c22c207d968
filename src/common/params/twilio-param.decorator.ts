import 'reflect-metadata';

export interface ParamSpec {
  /** Property on the DTO. */
  property: string;
  /** Name on the wire, e.g. `MessagingBinding.Address`. */
  wireName: string;
  /** Arrays arrive as repeated keys; scalars may appear once. */
  array: boolean;
}

const PARAMS = Symbol('twilio:params');

/**
 * Maps a Twilio wire name to a DTO property. Every accepted parameter of a request is declared this
 * way; anything else in the request is rejected by TwilioParamsPipe.
 */
export function TwilioParam(wireName: string, options: { array?: boolean } = {}): PropertyDecorator {
  return (target, property) => {
    const own: ParamSpec[] = Reflect.getOwnMetadata(PARAMS, target) ?? [];
    own.push({ property: String(property), wireName, array: options.array ?? false });
    Reflect.defineMetadata(PARAMS, own, target);
  };
}

/** Declared parameters of a DTO class, its parents' included. */
/** A DTO class, as Nest hands it to pipes. */
export type DtoClass = abstract new (...args: never[]) => unknown;

export function paramSpecs(dto: DtoClass): ParamSpec[] | undefined {
  const specs: ParamSpec[] = [];
  for (let proto = dto.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    const own: ParamSpec[] | undefined = Reflect.getOwnMetadata(PARAMS, proto);
    if (own) specs.push(...own);
  }
  return specs.length ? specs : undefined;
}
