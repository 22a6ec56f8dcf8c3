import type { z } from 'zod';
import { AppError, invalidInput, isAppError } from '../../shared/errors';
import { serialQueue } from '../../shared/queue';
import { err, ok, type Result } from '../../shared/result';
import { quote } from '../../shared/validate';
import { redactKeys } from '../host/redact';
import type { Host } from '../host/host';
import { answer } from '../host/protocol/derive';
import { PROTOCOL_VERSION, RequestEnvelope, type Response } from '../host/protocol/envelope';
import { isOpName, MUTATES, OP_ARGS, type OpName } from '../host/protocol/ops';

type Refusal = { readonly id: number | null; readonly error: AppError };
type Call = { readonly id: number; readonly op: OpName; readonly run: () => Promise<unknown> };

/**
 * Turns request lines into Host calls and answers, each operation as the table
 * in main/host/protocol/ops.ts declares it: the helper adds no behaviour of its own. Reads run as
 * they come; changes run one at a time in arrival order, so two changes to one
 * interface never interleave their commands. Nothing here throws: every
 * request, however broken, gets an answer.
 */
export class Dispatcher {
  readonly #serially = serialQueue();

  constructor(
    private readonly host: Host,
    /** The Runner's spawn count, reported in every answer (diagnostic). */
    private readonly spawns: () => number,
    private readonly log: (line: string) => void,
  ) {}

  async handle(line: string): Promise<Response> {
    const call = this.#read(line);
    if (!call.ok) return this.#refuse(call.error.id, call.error.error);
    const { id, op, run } = call.value;
    try {
      const value = MUTATES[op] ? await this.#serially(run) : await run();
      return { v: 1, id, ok: true, value, spawns: this.spawns() };
    } catch (e) {
      const error = isAppError(e)
        ? e
        : new AppError(
            'Internal',
            `${op}: ${redactKeys(e instanceof Error ? e.message : String(e))}`,
          );
      this.log(`[!] ${op} #${id} failed: ${error.kind}`);
      return { v: 1, id, ok: false, error: error.toWire(), spawns: this.spawns() };
    }
  }

  /** The answer to a line the reader had to discard unread. */
  refuseOverlong(max: number): Response {
    return this.#refuse(null, invalidInput('request', `is longer than ${max} characters`));
  }

  #refuse(id: number | null, error: AppError): Response {
    // Kind and field only: the message quotes the refused value, which may be anything.
    this.log(`[!] refused request ${id ?? '(no id)'}: ${error.kind} (${error.field ?? '-'})`);
    return { v: 1, id, ok: false, error: error.toWire(), spawns: this.spawns() };
  }

  #read(line: string): Result<Call, Refusal> {
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      return err({ id: null, error: invalidInput('request', 'is not valid JSON') });
    }
    const version = versionOf(raw);
    if (version !== PROTOCOL_VERSION) {
      const problem = `version ${quote(String(version))} is not spoken here (this helper speaks ${PROTOCOL_VERSION})`;
      return err({ id: echoableId(raw), error: invalidInput('v', problem) });
    }
    const envelope = RequestEnvelope.safeParse(raw);
    if (!envelope.success) {
      return err({ id: echoableId(raw), error: fromIssue(envelope.error, 'request') });
    }
    const { id, op, args } = envelope.data;
    if (!isOpName(op))
      return err({ id, error: invalidInput('op', `unknown operation ${quote(op)}`) });
    const run = bind(this.host, op, args);
    return run.ok ? ok({ id, op, run: run.value }) : err({ id, error: run.error });
  }
}

/** Validates one operation's arguments and binds them to its Host call. */
function bind(host: Host, op: OpName, args: unknown): Result<() => Promise<unknown>> {
  // Absent args mean none; `null` or any other non-object is refused by the schema.
  const parsed = OP_ARGS[op].safeParse(args === undefined ? {} : args);
  if (!parsed.success) return err(fromIssue(parsed.error, 'args'));
  const valid = parsed.data;
  return ok(() => answer(host, op, valid));
}

function fromIssue(error: z.ZodError, whole: string): AppError {
  const issue = error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : whole;
  return invalidInput(field, issue?.message ?? 'is not valid');
}

function versionOf(raw: unknown): unknown {
  return typeof raw === 'object' && raw !== null && 'v' in raw ? raw.v : undefined;
}

/** A refused request still answers to its id when the id itself is usable. */
function echoableId(raw: unknown): number | null {
  if (typeof raw !== 'object' || raw === null || !('id' in raw)) return null;
  const id = raw.id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
}
