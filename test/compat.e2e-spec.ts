import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.resolve(__dirname, '..');
const run = promisify(execFile);

interface ApiReport {
  id: string;
  served: number;
  total: number;
  min: number;
  ok: boolean;
  operations: { method: string; path: string; operationId: string; resource: string; served: boolean }[];
}

interface CompatReport {
  served: number;
  total: number;
  ok: boolean;
  apis: ApiReport[];
}

const compat = (...args: string[]) =>
  run(process.execPath, [path.join(root, 'scripts/compat.mjs'), ...args], { cwd: root, env: { ...process.env, LOG_LEVEL: 'silent' } });

const failure = (...args: string[]) =>
  compat(...args).then(
    () => null,
    (err: { code: number; stdout: string; stderr: string }) => err,
  );

/** `npm run compat` on the build (`npm test` builds before the e2e suite, as for the process tests). */
describe('npm run compat (e2e)', () => {
  it('serves every operation of the Conversations v1 (103) and Chat v2 (54) OpenAPI files and of the Flex chat channel API (9)', async () => {
    const report = JSON.parse((await compat('--json')).stdout) as CompatReport;
    expect(report.apis.map((a) => a.id)).toEqual(['conversations-v1', 'chat-v2', 'flex-v1']);
    const [conversations, chat, flex] = report.apis;
    expect(conversations.total).toBe(103);
    expect(conversations.operations.filter((o) => !o.served).map((o) => `${o.method} ${o.path}`)).toEqual([]);
    expect(conversations.served).toBe(103);
    expect(
      conversations.operations.filter((o) => o.resource === 'User' || o.resource === 'UserConversation' || o.resource === 'Role'),
    ).toHaveLength(28);
    expect(chat.total).toBe(54);
    expect(chat.operations.filter((o) => !o.served).map((o) => `${o.method} ${o.path}`)).toEqual([]);
    expect(chat).toMatchObject({ served: 54, min: 54, ok: true });
    expect(new Set(chat.operations.map((o) => o.resource))).toEqual(
      new Set([
        'Binding',
        'Channel',
        'Credential',
        'Invite',
        'Member',
        'Message',
        'Role',
        'Service',
        'User',
        'UserBinding',
        'UserChannel',
        'Webhook',
      ]),
    );
    // Flex v1: only its chat channel API (FlexFlows and Channels), not Interactions, Insights, plugins ...
    expect(flex.operations.map((o) => `${o.method} ${o.path}`).sort()).toEqual([
      'DELETE /v1/Channels/{Sid}',
      'DELETE /v1/FlexFlows/{Sid}',
      'GET /v1/Channels',
      'GET /v1/Channels/{Sid}',
      'GET /v1/FlexFlows',
      'GET /v1/FlexFlows/{Sid}',
      'POST /v1/Channels',
      'POST /v1/FlexFlows',
      'POST /v1/FlexFlows/{Sid}',
    ]);
    expect(flex).toMatchObject({ served: 9, total: 9, min: 9, ok: true });
    expect(new Set(flex.operations.map((o) => o.resource))).toEqual(new Set(['Channel', 'FlexFlow']));
    expect(report).toMatchObject({ served: 166, total: 166, ok: true });
  });

  it('checks one API with --api, and exits 1 below its minimum, with the count in its report', async () => {
    const chatOnly = JSON.parse((await compat('--api', 'chat-v2', '--json')).stdout) as CompatReport;
    expect(chatOnly.apis.map((a) => a.id)).toEqual(['chat-v2']);
    const failed = await failure('--api', 'chat-v2', '--min', '55');
    expect(failed?.code).toBe(1);
    expect(failed?.stdout).toContain('Programmable Chat v2: served 54 of 54 operations (minimum 55) BELOW MINIMUM');
    const below = await failure('--api', 'conversations-v1', '--min', '104');
    expect(below?.code).toBe(1);
    expect(below?.stdout).toContain('Conversations v1: served 103 of 103 operations (minimum 104) BELOW MINIMUM');
    const flexBelow = await failure('--api', 'flex-v1', '--min', '10');
    expect(flexBelow?.code).toBe(1);
    expect(flexBelow?.stdout).toContain('Flex v1 chat channels: served 9 of 9 operations (minimum 10) BELOW MINIMUM');
  });

  it('answers 2 for an API it does not know, and --min without one API', async () => {
    expect((await failure('--api', 'nope'))?.code).toBe(2);
    expect((await failure('--min', '3'))?.code).toBe(2);
  });
});
