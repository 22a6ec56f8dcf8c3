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

/** RFC 4180-ish: quoted fields may hold commas and doubled quotes. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field.trim());
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (quoted) {
      field += c;
    } else if (c === ',') {
      endField();
    } else if (c === '\n') {
      endField();
      rows.push(row);
      row = [];
    } else if (c !== '\r') {
      field += c;
    }
  }
  if (field !== '' || row.length > 0) rows.push([...row, field.trim()]);
  return rows;
}

const dir = mkdtempSync(join(tmpdir(), 'wgdesk-security-'));
try {
  const csv = join(dir, 'findings.csv');
  // -e: the installed Electron, so checks use its defaults (and no release list is fetched).
  const run = spawnSync(
    join(root, 'node_modules/.bin/electronegativity'),
    ['-i', join(root, 'main/app'), '-o', csv, '-r', '-e', electronVersion, '-v', 'false'],
    { encoding: 'utf8' },
  );
  let text;
  try {
    text = readFileSync(csv, 'utf8');
  } catch {
    console.error(run.stdout, run.stderr);
    console.error('security: electronegativity produced no report');
    process.exit(1);
  }
  const [header, ...rows] = parseCsv(text).filter((r) => r.length > 1);
  const col = (name) => header.indexOf(name);
  const findings = rows.map((r) => ({
    check: r[col('issue')],
    file: r[col('filename')],
    location: r[col('location')],
    description: r[col('description')],
  }));
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
