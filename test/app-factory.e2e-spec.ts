import { AsyncResource } from 'node:async_hooks';
import { startRouter, type RunningRouter } from './support';

/** What createRouterApp sets up for the whole process, checked on a started router. */
describe('createRouterApp (e2e)', () => {
  let router: RunningRouter;

  beforeAll(async () => {
    router = await startRouter();
  });

  afterAll(async () => {
    await router?.close();
  });

  it('binds AsyncResources without the deprecated accessor that had every request promoted (src/common/async-resource-bind.ts)', () => {
    const bound = new AsyncResource('check').bind(() => 1);
    expect(Object.getOwnPropertyDescriptor(bound, 'asyncResource')?.get).toBeUndefined();
    expect(bound()).toBe(1);
  });
});
