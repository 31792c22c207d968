import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { type DtoClass, paramSpecs } from '../../../src/common/params/twilio-param.decorator';
import type { RouteEntry, RunningRouter } from '../router';

/** A route the server answers, with the parameters its DTOs declare (none known for routes outside Nest's controllers). */
export interface CatalogRoute extends RouteEntry {
  /** Path parameter names, in order, e.g. ['ConversationSid', 'Sid']. */
  pathParams: string[];
  /** Wire names of the body DTO (form) and the query DTO. */
  bodyParams: string[];
  queryParams: string[];
}

const join = (...parts: string[]) =>
  '/' +
  parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/');
const key = (method: string, url: string) => `${method} ${url.toLowerCase()}`;

/**
 * Every route of the running router, from Fastify's own table (so that routes added later are
 * fuzzed without a list to keep), joined with the Twilio parameters that Nest's controllers declare
 * for it (the @TwilioParam specs of their @Body() and @Query() DTOs).
 */
export function routeCatalog(router: RunningRouter): CatalogRoute[] {
  const declared = new Map<string, { body: string[]; query: string[] }>();
  for (const module of router.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      const prefixes = [Reflect.getMetadata(PATH_METADATA, controller) ?? ''].flat() as string[];
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (paths === undefined || method === undefined) continue;
        const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, name) ?? []) as DtoClass[];
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<string, { index: number }>;
        const params = { body: [] as string[], query: [] as string[] };
        for (const [argKey, arg] of Object.entries(args)) {
          const kind = Number(argKey.split(':')[0]);
          const specs = types[arg.index] ? paramSpecs(types[arg.index]) : undefined;
          if (!specs) continue;
          if (kind === RouteParamtypes.BODY) params.body.push(...specs.map((s) => s.wireName));
          if (kind === RouteParamtypes.QUERY) params.query.push(...specs.map((s) => s.wireName));
        }
        for (const prefix of prefixes) {
          for (const path of [paths].flat()) {
            const url = join(prefix, path);
            const methods = method === RequestMethod.GET ? ['GET', 'HEAD'] : [RequestMethod[method]];
            for (const m of methods) declared.set(key(m, url), params);
          }
        }
      }
    }
  }
  return router.routes.map((route) => {
    const params = declared.get(key(route.method, route.url)) ?? { body: [], query: [] };
    return {
      ...route,
      pathParams: [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]),
      bodyParams: params.body,
      queryParams: params.query,
    };
  });
}
