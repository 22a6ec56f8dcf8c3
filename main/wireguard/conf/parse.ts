import { AppError, invalidInput } from '../../../shared/errors';
import { problem } from '../../../shared/problems';
import { err, ok, type Result } from '../../../shared/result';
import { ConfReader } from './reader';
import type { ParsedConf } from './types';

/** A .conf is a few KB; the cap only stops a runaway file from pinning memory. */
export const MAX_CONF_CHARS = 16 * 1024 * 1024;

function read(text: string): Result<ParsedConf> {
  if (text.length > MAX_CONF_CHARS) {
    return err(
      invalidInput(
        'conf',
        `is larger than ${MAX_CONF_CHARS} characters`,
        problem('conf_too_large', { max: MAX_CONF_CHARS }),
      ),
    );
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    const line = text.slice(0, nul).split('\n').length;
    return err(
      invalidInput(`line ${line}`, 'contains a NUL character', problem('conf_nul', { line })),
    );
  }
  const reader = new ConfReader();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    // CRLF files (Windows editors) work with wg-quick too: its trimming eats the CR.
    const e = reader.line(i + 1, raw.endsWith('\r') ? raw.slice(0, -1) : raw);
    if (e !== undefined) return err(e);
  }
  const config = reader.finish();
  if (!config.ok) return config;
  return ok({ config: config.value, warnings: reader.warnings });
}

/**
 * Parses a wg-quick `.conf`. Every value goes through the shared validators; the
 * first bad one is an InvalidInput error whose field names the line and key
 * ("line 7: AllowedIPs"). Unknown keys and sections become warnings. `source`
 * (a file name) is put in front of error messages.
 */
export function parseWgQuickConf(text: string, source?: string): Result<ParsedConf> {
  const r = read(text);
  if (r.ok || source === undefined) return r;
  return err(
    new AppError(r.error.kind, `${source}: ${r.error.message}`, r.error.field, {
      problem: r.error.problem,
    }),
  );
}
