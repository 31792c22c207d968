// The node flags of `npm start` (from package.json), given to every process of both sides of a
// benchmark, so that the figures are those of the command users run. BENCH_NODE_FLAGS overrides them.
import { readFileSync } from 'node:fs';

const start = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).scripts.start;
const startFlags = start.match(/(?:^|exec )node((?: --\S+)*) /)?.[1] ?? '';
export const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? startFlags).trim().split(/\s+/).filter(Boolean);
