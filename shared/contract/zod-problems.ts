// What zod itself refuses (a wrong type, a text too long, a value not in a
// list), as a problem code (shared/problems.ts), so the window words it in the
// admin's language like the validators' own refusals (issue 15, point 4). A
// validator's refusal (`refuse` in fields.ts) keeps the code it chose.
import type { z } from 'zod';
import { problem, type Problem } from '../problems';

type Issue = z.core.$ZodIssue;

/** zod's name of the expected type → what the admin reads. */
const TYPES: Readonly<Record<string, Problem>> = {
  string: problem('not_text', {}),
  number: problem('not_number', {}),
  int: problem('not_number', {}),
  boolean: problem('not_yes_no', {}),
  array: problem('not_list', {}),
};

/** Issues that, on a value that is not there, mean it was left out. */
const MISSING_WHEN_ABSENT: ReadonlySet<Issue['code']> = new Set([
  'invalid_type',
  'invalid_value',
  'invalid_union',
]);

/**
 * `raw` is the params as sent: an issue at a path that holds nothing is a
 * missing value. A refinement without a code keeps its own (English) message:
 * it says more than "not valid" would.
 */
export function zodProblem(issue: Issue, raw: unknown): Problem | undefined {
  if (MISSING_WHEN_ABSENT.has(issue.code) && valueAt(raw, issue.path) === undefined) {
    return problem('required', {});
  }
  switch (issue.code) {
    case 'custom':
      return codedProblem(issue.params?.['problem']);
    case 'invalid_type':
      return TYPES[issue.expected] ?? problem('not_valid', {});
    case 'too_big':
      return tooBig(issue);
    case 'too_small':
      return tooSmall(issue);
    case 'invalid_value':
      return problem('one_of', { values: issue.values.map(String).join(', ') });
    case 'unrecognized_keys':
      return problem('unknown_fields', { keys: issue.keys.join(', ') });
    default:
      return problem('not_valid', {});
  }
}

function tooBig(issue: z.core.$ZodIssueTooBig): Problem {
  const max = Number(issue.maximum);
  if (issue.origin === 'string') return problem('too_long', { max });
  if (issue.origin === 'array' || issue.origin === 'set') return problem('too_many_items', { max });
  if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
    return issue.inclusive === false ? problem('less_than', { max }) : problem('at_most', { max });
  }
  return problem('not_valid', {});
}

function tooSmall(issue: z.core.$ZodIssueTooSmall): Problem {
  const min = Number(issue.minimum);
  if (issue.origin === 'string')
    return min <= 1 ? problem('empty', {}) : problem('too_short', { min });
  if (issue.origin === 'array' || issue.origin === 'set') return problem('too_few_items', { min });
  if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
    return issue.inclusive === false ? problem('more_than', { min }) : problem('at_least', { min });
  }
  return problem('not_valid', {});
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v = raw;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** What `refuse` put in an issue's params, checked: anything else there is not a problem. */
function codedProblem(x: unknown): Problem | undefined {
  if (typeof x !== 'object' || x === null || !('code' in x) || !('params' in x)) return undefined;
  const { code, params } = x;
  if (typeof code !== 'string' || typeof params !== 'object' || params === null) return undefined;
  return { code, params: params as Problem['params'] };
}
