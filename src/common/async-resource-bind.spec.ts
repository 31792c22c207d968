import { AsyncLocalStorage, AsyncResource, executionAsyncId } from 'node:async_hooks';
import { useLeanAsyncResourceBind } from './async-resource-bind';

describe('useLeanAsyncResourceBind', () => {
  beforeAll(() => useLeanAsyncResourceBind());

  it('binds without the deprecated accessor, keeping asyncResource readable', () => {
    const resource = new AsyncResource('test');
    const bound = resource.bind(() => 1) as (() => number) & { asyncResource: AsyncResource };
    const descriptor = Object.getOwnPropertyDescriptor(bound, 'asyncResource');
    expect(descriptor?.get).toBeUndefined();
    expect(bound.asyncResource).toBe(resource);
  });

  it('runs the function in the resource scope, with its context, arguments and result', () => {
    const storage = new AsyncLocalStorage<string>();
    const resource = storage.run('request-1', () => new AsyncResource('test'));
    const seen = resource.bind(function (this: unknown, a: number, b: number) {
      return { store: storage.getStore(), asyncId: executionAsyncId(), self: this, sum: a + b };
    });
    const target = { name: 'caller' };
    const out = seen.call(target, 2, 3);
    expect(out).toEqual({ store: 'request-1', asyncId: resource.asyncId(), self: target, sum: 5 });
    expect(storage.getStore()).toBeUndefined();
  });

  it('honours thisArg and keeps the length of the function', () => {
    const resource = new AsyncResource('test');
    const owner = { n: 7 };
    const bound = (resource.bind as (fn: unknown, thisArg: unknown) => (x: number, y: number) => number)(function (
      this: { n: number },
      x: number,
      y: number,
    ) {
      return this.n + x + y;
    }, owner);
    expect(bound.call({ n: 100 }, 1, 2)).toBe(10);
    expect(bound.length).toBe(2);
    expect(AsyncResource.bind((a: number, b: number, c: number) => a + b + c).length).toBe(3);
  });

  it('throws Node’s own error for what is not a function', () => {
    expect(() => new AsyncResource('test').bind('nope' as unknown as () => void)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }),
    );
  });

  it('leaves a bind without the accessor alone (applied twice, or on a Node that dropped it)', () => {
    const applied = AsyncResource.prototype.bind;
    useLeanAsyncResourceBind();
    expect(AsyncResource.prototype.bind).toBe(applied);
  });
});
