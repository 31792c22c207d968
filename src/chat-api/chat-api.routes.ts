import { Errors } from '../common/errors';

/** Path parameters of a matched route, percent-decoded (the SDK encodes identities and unique names). */
export type PathParams = Readonly<Record<string, string>>;

export interface RouteMatch<H> {
  handler: H;
  params: PathParams;
}

interface CompiledRoute<H> {
  method: string;
  template: string;
  pattern: RegExp;
  names: string[];
  handler: H;
}

/**
 * A method + path template table (`/Services/:service/Conversations/:conversation`), matched in
 * order. Templates are relative to the prefix the table serves (`/Client/v2`).
 */
export class RouteTable<H> {
  private readonly routes: CompiledRoute<H>[];

  constructor(routes: readonly (readonly [method: string, template: string, handler: H])[]) {
    this.routes = routes.map(([method, template, handler]) => {
      const names: string[] = [];
      const source = template
        .split('/')
        .map((segment) => {
          if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(segment.slice(1));
          return '([^/]+)';
        })
        .join('/');
      return { method, template, pattern: new RegExp(`^${source}$`), names, handler };
    });
  }

  /** Method and template of every route, in matching order (for tests that walk the table, such as the socket fuzzer). */
  entries(): { method: string; template: string }[] {
    return this.routes.map(({ method, template }) => ({ method, template }));
  }

  /** The route for a request; 404 (20404) when no template matches the path, 405 (20004) when only the method differs. */
  match(method: string, path: string, fullPath: string): RouteMatch<H> {
    let pathMatched = false;
    for (const route of this.routes) {
      const found = route.pattern.exec(path);
      if (!found) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => (params[name] = decodeSegment(found[i + 1], fullPath)));
      return { handler: route.handler, params };
    }
    throw pathMatched ? Errors.methodNotAllowed(method, fullPath) : Errors.notFound(fullPath);
  }
}

function decodeSegment(segment: string, fullPath: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    throw Errors.invalidParameter(`The path ${fullPath} is not percent-encoded correctly`);
  }
  // PostgreSQL text cannot hold U+0000 (REST refuses it in every parameter too).
  if (decoded.includes('\u0000')) throw Errors.invalidParameter('Path parameters must not contain NUL characters (%00)');
  return decoded;
}
