import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.resolve(__dirname, '..');
const run = promisify(execFile);

interface CompatReport {
  served: number;
  total: number;
  min: number;
  operations: { method: string; path: string; operationId: string; resource: string; served: boolean }[];
}

/** `npm run compat` on the build (`npm test` builds before the e2e suite, as for the process tests). */
describe('npm run compat (e2e)', () => {
  it('serves every one of the 103 operations of the Conversations v1 OpenAPI file', async () => {
    const { stdout } = await run(process.execPath, [path.join(root, 'scripts/compat.mjs'), '--json'], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'silent' },
    });
    const report = JSON.parse(stdout) as CompatReport;
    expect(report.total).toBe(103);
    expect(report.operations.filter((o) => !o.served).map((o) => `${o.method} ${o.path}`)).toEqual([]);
    expect(report.served).toBe(103);
    expect(
      report.operations.filter((o) => o.resource === 'User' || o.resource === 'UserConversation' || o.resource === 'Role'),
    ).toHaveLength(28);
  });

  it('exits 1 below the minimum, with the count in its last line', async () => {
    const failed = await run(process.execPath, [path.join(root, 'scripts/compat.mjs'), '--min', '104'], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'silent' },
    }).then(
      () => null,
      (err: { code: number; stdout: string }) => err,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stdout).toContain('Served: 103 of 103 operations (minimum 104)');
  });
});
