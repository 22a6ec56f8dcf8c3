import type { WireError } from '../../shared/errors';
import { EXIT_CODES } from './exit-codes';

/** How every CLI command ends: output written, exit status chosen, nothing thrown. */
export interface Outcome {
  readonly exitCode: number;
}

/** A failure in wgdesk's terms: `wgdesk: Kind: message` on stderr, the kind's exit status. */
export function fail(error: WireError): Outcome {
  process.stderr.write(`wgdesk: ${error.kind}: ${error.message}\n`);
  return { exitCode: EXIT_CODES[error.kind] };
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
