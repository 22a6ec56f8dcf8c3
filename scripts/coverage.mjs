// npm run coverage: line coverage of main/ and shared/ under the integration and
// e2e tests, the node processes they start (serve, the helper, the CLI) included:
// every node child inherits NODE_V8_COVERAGE and writes its own counts there, and
// c8 maps them back to the .ts sources through the source maps tsx gives Node.
// It is a report, not a gate: it exits non-zero only when the tests fail.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { transformSync } from 'esbuild';

const root = join(import.meta.dirname, '..');
const out = join(root, 'coverage');
const v8Dir = join(out, 'v8');
const SOURCES = ['main', 'shared'];
const SUITES = ['test/integration', 'test/e2e'];
const GOAL = 95;
const c8 = createRequire(import.meta.url).resolve('c8/bin/c8.js');

function run(file, args, env = process.env) {
  return spawnSync(file, args, { cwd: root, stdio: 'inherit', env }).status === 0;
}

/** Runs the suites with every node process writing its counts to v8Dir; returns those that failed. */
function runSuites() {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(v8Dir, { recursive: true });
  // The e2e tests also start serve as nobody, whose counts must land here too.
  chmodSync(v8Dir, 0o1777);
  // Built without NODE_V8_COVERAGE: vite's own process says nothing about main/.
  if (!run('npm', ['run', 'build:renderer'])) process.exit(1);
  const env = { ...process.env, NODE_V8_COVERAGE: v8Dir };
  return SUITES.filter(
    (dir) => !run(process.execPath, ['scripts/run-tests.mjs', dir, '--test-concurrency=1'], env),
  );
}

function tsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return tsFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/** A file of types only compiles to nothing (as under tsx): no line of it can run. */
function typesOnly(path) {
  return transformSync(readFileSync(path, 'utf8'), { loader: 'ts' }).code.trim() === '';
}

/**
 * c8's per-file line totals, keyed by absolute path. --all counts files no test
 * loaded as wholly uncovered; files of types only are left out, since --all
 * would count their every line as code that never ran.
 */
function summarise() {
  const args = ['report', '--temp-directory', v8Dir, '--reports-dir', out, '--merge-async'];
  args.push('--reporter', 'json-summary', '--reporter', 'lcovonly', '--all', '--src', root);
  for (const s of SOURCES) {
    args.push('--include', `${s}/**`);
    const empty = tsFiles(join(root, s)).filter(typesOnly);
    for (const path of empty) args.push('--exclude', relative(root, path));
  }
  if (!run(process.execPath, [c8, ...args])) process.exit(1);
  const summary = JSON.parse(readFileSync(join(out, 'coverage-summary.json'), 'utf8'));
  delete summary.total;
  return summary;
}

// --report-only: the table again from the counts of the last run, without the tests.
const failed = process.argv.includes('--report-only') ? [] : runSuites();
const files = summarise();

/** [covered, total] lines per row: each folder, then the totals. */
const folders = new Map();
const MAIN_OUTSIDE_APP = 'main/ outside main/app/';
const totals = new Map([MAIN_OUTSIDE_APP, 'main/', 'shared/'].map((t) => [t, [0, 0]]));
const neverRun = [];
for (const [path, { lines }] of Object.entries(files)) {
  const rel = relative(root, path);
  const top = `${rel.split('/')[0]}/`;
  if (!folders.has(dirname(rel))) folders.set(dirname(rel), [0, 0]);
  const rows = [folders.get(dirname(rel)), totals.get(top)];
  if (top === 'main/' && !rel.startsWith('main/app/')) rows.push(totals.get(MAIN_OUTSIDE_APP));
  for (const row of rows) {
    row[0] += lines.covered;
    row[1] += lines.total;
  }
  if (lines.covered === 0 && lines.total > 0) neverRun.push(rel);
}

function pct([covered, total]) {
  return total === 0 ? '-' : `${((100 * covered) / total).toFixed(1)}%`;
}
function print(rows) {
  for (const [name, row] of rows) {
    const count = `${row[0]}/${row[1]}`.padStart(11);
    console.log(`${name.padEnd(WIDTH)} ${count} ${pct(row).padStart(6)}`);
  }
}
const WIDTH = Math.max(...[...folders.keys(), ...totals.keys()].map((n) => n.length));

console.log(`\nLine coverage under ${SUITES.join(' and ')}, child processes included:\n`);
print([...folders].sort(([a], [b]) => a.localeCompare(b)));
console.log('');
print(totals);
console.log(`\nGoal: ${GOAL}% of ${MAIN_OUTSIDE_APP}: now ${pct(totals.get(MAIN_OUTSIDE_APP))}.`);
console.log('Never loaded by any test:');
for (const rel of neverRun.sort()) console.log(`  ${rel}`);
console.log(
  "Per file: coverage/lcov.info, or npx c8 report --temp-directory coverage/v8 -r text -n 'main/**'",
);
if (failed.length > 0) {
  console.error(`\nTests failed in ${failed.join(', ')}: the figures above are incomplete.`);
  process.exit(1);
}
