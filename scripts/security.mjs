// npm run security: electronegativity over the Electron shell (main/app), then
// fail on any finding that is not in security/electronegativity-allow.json with
// a reason, and on any allowlist entry that no longer matches a finding.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const allowFile = join(root, 'security/electronegativity-allow.json');
const electronVersion = JSON.parse(
  readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8'),
).version;

const dir = mkdtempSync(join(tmpdir(), 'wgdesk-security-'));
try {
  // SARIF, not CSV: electronegativity writes a CSV's header and its rows with two
  // writeFile calls it does not wait for, so under load the header (which truncates)
  // can land after the rows and cut into them. SARIF is one write.
  const report = join(dir, 'findings.sarif');
  // -e: the installed Electron, so checks use its defaults (and no release list is fetched).
  const run = spawnSync(
    join(root, 'node_modules/.bin/electronegativity'),
    ['-i', join(root, 'main/app'), '-o', report, '-r', '-e', electronVersion, '-v', 'false'],
    { encoding: 'utf8' },
  );
  let text;
  try {
    text = readFileSync(report, 'utf8');
  } catch {
    console.error(run.stdout, run.stderr);
    console.error('security: electronegativity produced no report');
    process.exit(1);
  }
  const findings = JSON.parse(text).runs[0].results.map((r) => {
    const where = r.locations[0].physicalLocation;
    const { startLine, startColumn } = where.region;
    return {
      check: r.ruleId,
      // A finding about the app as a whole (no CSP) has no file; the allowlist names it N/A.
      file: where.artifactLocation.uri === 'file:///' ? 'N/A' : where.artifactLocation.uri,
      location: `${startLine}:${startColumn}`,
      description: r.message.text,
    };
  });
  const { allow } = JSON.parse(readFileSync(allowFile, 'utf8'));
  const problems = [];
  for (const a of allow) {
    if (typeof a.reason !== 'string' || a.reason.trim().length < 20) {
      problems.push(`allowlist entry ${a.check} ${a.file} has no real reason`);
    }
    if (!findings.some((f) => f.check === a.check && f.file === a.file)) {
      problems.push(`allowlist entry ${a.check} ${a.file} matches nothing any more: remove it`);
    }
  }
  for (const f of findings) {
    if (!allow.some((a) => a.check === f.check && a.file === f.file)) {
      problems.push(`${f.check} at main/app/${f.file}:${f.location}: ${f.description}`);
    }
  }
  console.log(`security: ${findings.length} electronegativity findings, ${allow.length} allowed`);
  if (problems.length > 0) {
    for (const p of problems) console.error(`security: ${p}`);
    process.exit(1);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
