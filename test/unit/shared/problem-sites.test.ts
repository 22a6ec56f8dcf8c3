// Every refusal a window form can reach comes with a code the window words
// (issue 15, points 3 and 4): a new `invalidInput(field, text)` or Conflict in
// the engine's services without one fails here, found in the source by the
// TypeScript parser. The CLI, the helper and serve's flags answer in English
// only (no window sees them), so their folders are not searched.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';

const ROOT = join(import.meta.dirname, '..', '..', '..');
/** Where the window's forms end up: the services, and what they call that refuses input. */
const SEARCHED = [
  'main/services',
  'main/openvpn',
  'main/remote/registry.ts',
  'main/wireguard/conf/parse.ts',
  'main/wireguard/conf/reader.ts',
  'shared/ip/pool.ts',
  // The validators behind every contract field (shared/contract/fields.ts) and the rule ports.
  'shared/validate',
  'shared/ip/parse.ts',
  'shared/network/ports.ts',
];

function filesUnder(path: string): string[] {
  const full = join(ROOT, path);
  if (path.endsWith('.ts')) return [full];
  return readdirSync(full, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && d.name.endsWith('.ts'))
    .map((d) => join(d.parentPath, d.name));
}

/** `new AppError('InvalidInput' | 'Conflict', text, …)` without `{ problem }`, or invalidInput with two arguments. */
function uncoded(node: ts.Node): boolean {
  if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
    return node.expression.text === 'invalidInput' && node.arguments.length < 3;
  }
  if (ts.isNewExpression(node) && ts.isIdentifier(node.expression)) {
    const [kind, , , more] = node.arguments ?? [];
    const refusal =
      kind !== undefined &&
      ts.isStringLiteral(kind) &&
      (kind.text === 'InvalidInput' || kind.text === 'Conflict');
    return (
      node.expression.text === 'AppError' &&
      refusal &&
      !(more?.getText().includes('problem') ?? false)
    );
  }
  return false;
}

test('every refusal in the services and the shared validators carries a code for the window', () => {
  const missing: string[] = [];
  for (const file of SEARCHED.flatMap(filesUnder)) {
    const source = ts.createSourceFile(
      file,
      readFileSync(file, 'utf8'),
      ts.ScriptTarget.Latest,
      true,
    );
    const visit = (node: ts.Node): void => {
      if (uncoded(node)) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart());
        missing.push(`${relative(ROOT, file)}:${line + 1}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  assert.deepEqual(missing, []);
});
