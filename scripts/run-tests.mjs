// Runs every *.test.ts under the given folder with node's own test runner.
// Node 20's --test takes files, not globs, so we list them here.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const [dir, ...extra] = process.argv.slice(2);
if (!dir) throw new Error('usage: run-tests.mjs DIR [node test flags]');

function walk(d) {
  return readdirSync(d).flatMap((name) => {
    const p = join(d, name);
    if (statSync(p).isDirectory()) return walk(p);
    return p.endsWith('.test.ts') ? [p] : [];
  });
}

const files = walk(dir).sort();
if (files.length === 0) {
  console.error(`no test files under ${dir}`);
  process.exit(1);
}
// A stuck test must fail, not hang CI until its own limit: each test gets five minutes
// (the longest take about two), and a handle some test forgot to close (a child process,
// a socket) must not keep the run alive once every test has ended.
const guards = ['--test-timeout=300000', '--test-force-exit'];
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', ...guards, ...extra, ...files],
  { stdio: 'inherit' },
);
process.exit(r.status ?? 1);
