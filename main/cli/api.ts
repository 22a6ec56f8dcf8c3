import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { z } from 'zod';
import { METHODS, isMethodName, parseParams, type MethodName } from '../../shared/contract';
import { AppError, invalidInput } from '../../shared/errors';
import { openRuntime, stderrLog } from '../runtime';
import { ServiceClient } from '../service/client';
import { DEFAULT_SOCKET } from '../service/local-api';
import { dataDirFrom } from './data-dir';
import { EXIT_OK } from './exit-codes';
import { fail, printJson, type Outcome } from './output';

/** `wgdesk api --list`: every method, what it does, and the JSON schema of its params. */
export function listMethods(): Outcome {
  printJson(
    Object.entries(METHODS).map(([method, def]) => ({
      method,
      summary: def.summary,
      mutates: def.mutates,
      params: z.toJSONSchema(def.params, { io: 'input', unrepresentable: 'any' }),
    })),
  );
  return { exitCode: EXIT_OK };
}

/**
 * The params argument as JSON text: inline, `-` for stdin, or `@FILE`. The last
 * two keep a private key (an `importConf` text, a pasted key) out of the command
 * line, which every local user can read in /proc/PID/cmdline.
 */
async function paramsTextOf(arg: string | undefined): Promise<string> {
  if (arg === undefined) return '{}';
  if (arg === '-') return text(process.stdin);
  if (!arg.startsWith('@')) return arg;
  const path = arg.slice(1);
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw invalidInput('params', `cannot read ${path}: ${code}`);
  }
}

/**
 * `wgdesk api METHOD [JSON | - | @FILE]`: one call through the same router, store
 * and host as the UI, so a script gets exactly the UI's validation and errors.
 */
export async function callMethod(
  method: string,
  paramsArg: string | undefined,
  dataDir: string | undefined,
): Promise<Outcome> {
  if (!isMethodName(method)) {
    return fail(
      invalidInput('method', `unknown method ${method} (see wgdesk api --list)`).toWire(),
    );
  }
  let paramsText: string;
  try {
    paramsText = await paramsTextOf(paramsArg);
  } catch (e) {
    if (e instanceof AppError) return fail(e.toWire());
    throw e;
  }
  let params: unknown;
  try {
    params = JSON.parse(paramsText);
  } catch {
    return fail(invalidInput('params', 'is not valid JSON').toWire());
  }
  return callParsed(method, params, dataDir);
}

/** One call with params already parsed from JSON (also `wgdesk backup`'s way in). */
export async function callParsed(
  method: MethodName,
  params: unknown,
  dataDir: string | undefined,
): Promise<Outcome> {
  // Checked before the data directory is touched; the router checks again, as for every caller.
  const checked = parseParams(METHODS[method].params, params);
  if (!checked.ok) return fail(checked.error.toWire());
  // A running service owns the engine: go through it, never open a second one.
  if (dataDir === undefined) {
    const through = await viaService(method, params);
    if (through !== null) return through;
  }
  let runtime;
  try {
    runtime = await openRuntime({ dataDir: dataDirFrom(dataDir), log: stderrLog });
  } catch (e) {
    if (e instanceof AppError) return fail(e.toWire());
    throw e;
  }
  try {
    const result = await runtime.router.call(method, params, { actor: 'cli' });
    if (!result.ok) return fail(result.error);
    printJson(result.value);
    return { exitCode: EXIT_OK };
  } finally {
    await runtime.close();
  }
}

/**
 * The call through the service's socket (WGDESK_SOCKET, or the default), or
 * null when no service runs there. Not being one of its admins is an answer,
 * not a reason to open a database of one's own.
 */
async function viaService(method: string, params: unknown): Promise<Outcome | null> {
  const path = process.env['WGDESK_SOCKET'] ?? DEFAULT_SOCKET;
  let client: ServiceClient;
  try {
    client = await ServiceClient.connect({ path, client: 'wgdesk-cli' });
  } catch (e) {
    if (e instanceof AppError && e.kind === 'HostUnreachable') return null;
    if (e instanceof AppError) return fail(e.toWire());
    throw e;
  }
  try {
    const result = await client.call(method, params);
    if (!result.ok) return fail(result.error);
    printJson(result.value);
    return { exitCode: EXIT_OK };
  } finally {
    await client.close();
  }
}
