import { raw, startRouter, type RunningRouter } from './support';

describe('GET /healthz (e2e)', () => {
  let router: RunningRouter;

  beforeAll(async () => {
    router = await startRouter();
  });

  afterAll(async () => {
    await router?.close();
  });

  it('answers 200 without credentials once PostgreSQL and Redis are up', async () => {
    const res = await raw(router, { path: '/healthz' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, redis: { status: 'up' } } });
  });
});
