import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listFunctions } from '../../lib/functions/registry.js';
import type { ScalarFunction } from '../../lib/functions/types.js';
import { Decimal } from '../../lib/types/decimal.js';
import { formatDate, formatTimestamp } from '../../lib/types/time.js';
import type { StructValue, Value } from '../../lib/types/value.js';
import { FUNCTION_REFERENCE, type FunctionReference } from './functionReference.js';

/*
 * docs/functions.md is generated from the registry and FUNCTION_REFERENCE. This spec fails when
 * the file is out of date; `FERRIS_UPDATE_DOCS=1 npx vitest run specs/functions/docs.spec.ts`
 * rewrites it.
 */

const DOC_PATH = new URL('../../docs/functions.md', import.meta.url);

const CATEGORY_TITLES: Readonly<Record<ScalarFunction['category'], string>> = {
  math: 'Math',
  string: 'String',
  datetime: 'Date and time',
  conditional: 'Conditional',
  json: 'JSON',
  collection: 'Collections',
  header: 'Kafka headers',
  other: 'Other',
};

const INTRO = `# Scalar functions

Generated from the function registry (\`lib/functions/registry.ts\`) by
\`specs/functions/docs.spec.ts\`; do not edit by hand. Names are case-insensitive. Unless a
function says otherwise, a NULL argument gives a NULL result.

Choices worth knowing:
- Strings are measured and cut in Unicode code points; string order is code point order.
- \`CONCAT\` and \`JOIN\` skip NULL arguments (like PostgreSQL); the \`||\` operator gives NULL.
- Arguments outside a math function's domain are errors of the record, like PostgreSQL
  (\`SQRT(-1)\`, \`LN(0)\`, \`POWER(0, -1)\`); division or remainder by zero gives NULL.
- \`ROUND\` rounds half away from zero for every type; DOUBLE is rounded on its shortest
  decimal text, so \`ROUND(1.005, 2)\` is 1.01.
- Regular expressions (REGEXP, REGEXP_REPLACE, REGEXP_EXTRACT) use RE2 syntax and run on a
  linear-time engine (the re2js port of RE2): matching takes time proportional to the value
  whatever the pattern, so \`REGEXP(s, '^(a+)+$')\` cannot hang a job. Backreferences
  (\`\\1\`, \`\\k<name>\`) and lookaround (\`(?=\`, \`(?!\`, \`(?<=\`, \`(?<!\`) need backtracking
  and are refused with \`not supported yet\`; write \`\\x{263A}\` rather than \`\\u263A\`. Classes
  such as \`\\d\`, \`\\w\`, \`\\b\` are ASCII, \`\\pL\` is Unicode; \`.\` is one code point.
  \`REGEXP_REPLACE\` replaces every match (\`$1\`, \`$&\` insert groups, \`$$\` a dollar);
  compiled patterns are cached (at most 1000). LIKE patterns other than 'abc', 'abc%',
  '%abc', '%abc%' run on the same engine.
- Date and time functions work in UTC. Units are YEAR, QUARTER, MONTH, WEEK, DAY, HOUR,
  MINUTE, SECOND, MILLISECOND (plural allowed). \`EXTRACT(part FROM ts)\` also takes DOW, DOY,
  MICROSECOND, NANOSECOND and EPOCH.
- Time patterns (DATE_FORMAT, TO_TIMESTAMP, TO_DATE) are strftime-style when they hold \`%\`
  (\`%Y-%m-%d %H:%M:%S\`), otherwise Java-style (\`yyyy-MM-dd HH:mm:ss.SSS\`).
- JSON paths support \`$\`, \`.name\`, \`['name']\` and \`[index]\`; invalid JSON gives NULL.

\`EXTRACT(part FROM ts)\` parts (also \`EXTRACT('part', ts)\`), in UTC, as PostgreSQL and DuckDB
give them; the example is \`EXTRACT(part FROM TIMESTAMP '2024-03-05 14:07:09.123')\`:

| part | result | example |
| --- | --- | --- |
| YEAR | the year | 2024 |
| QUARTER | 1-4 | 1 |
| MONTH | 1-12 | 3 |
| WEEK | ISO 8601 week, 1-53 (weeks start on Monday) | 10 |
| DAY | day of the month, 1-31 | 5 |
| DOW | day of the week, 0 = Sunday … 6 = Saturday | 2 |
| DOY | day of the year, 1-366 | 65 |
| HOUR | 0-23 | 14 |
| MINUTE | 0-59 | 7 |
| SECOND | whole seconds, 0-59 (as DuckDB; PostgreSQL adds the fraction) | 9 |
| MILLISECOND | seconds of the minute with their fraction, in ms (seconds × 1000 + ms) | 9123 |
| MICROSECOND | the same in µs | 9123000 |
| NANOSECOND | the same in ns | 9123000000 |
| EPOCH | seconds since 1970-01-01T00:00:00Z with their milliseconds, DECIMAL(18,3) (negative before 1970) | 1709647629.123 |

Every part but EPOCH is an INTEGER. A DATE reads as its midnight.
`;

function renderFunction(fn: ScalarFunction, ref: FunctionReference): string {
  const aliases = fn.aliases.length > 0 ? `\n- Aliases: ${fn.aliases.join(', ')}` : '';
  const volatile = fn.deterministic ? '' : '\n- Not deterministic: evaluated on every call.';
  return `### ${fn.name}

\`${fn.signature}\` → ${ref.returns}

${fn.description}${aliases}${volatile}
- Example: \`${ref.example}\` → ${ref.result}
`;
}

/** The whole reference document. */
function renderDocument(): string {
  const sections: string[] = [INTRO];
  for (const category of Object.keys(CATEGORY_TITLES) as ScalarFunction['category'][]) {
    const fns = listFunctions().filter((f) => f.category === category);
    if (fns.length === 0) continue;
    sections.push(`## ${CATEGORY_TITLES[category]}\n`);
    for (const fn of fns) sections.push(renderFunction(fn, FUNCTION_REFERENCE[fn.name]!));
  }
  return sections.join('\n');
}

/** A value as the reference writes it; `hint` (the expected text) tells timestamps and dates apart. */
function sqlText(v: Value, hint: string): string {
  if (v === null) return 'NULL';
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Decimal || typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    if (hint.startsWith('TIMESTAMP ')) return `TIMESTAMP '${formatTimestamp(v).slice(0, 19).replace('T', ' ')}'`;
    if (hint.startsWith('DATE ')) return `DATE '${formatDate(v)}'`;
    return String(v);
  }
  if (Array.isArray(v)) return `[${v.map((x) => sqlText(x, '')).join(', ')}]`;
  const entries = v instanceof Map ? [...v] : Object.entries(v as StructValue);
  return `{${entries.map(([k, x]) => `${k}: ${sqlText(x, '')}`).join(', ')}}`;
}

describe('docs/functions.md', () => {
  it('has reference data for exactly the registered functions', () => {
    const registered = listFunctions().map((f) => f.name).sort();
    expect(Object.keys(FUNCTION_REFERENCE).sort()).toEqual(registered);
  });

  it('shows examples whose results are right', () => {
    for (const [name, ref] of Object.entries(FUNCTION_REFERENCE)) {
      if (ref.check === undefined) continue;
      const expected = ref.result.replace(/ \(.*\)$/, '');
      expect(`${name}: ${sqlText(ref.check(), expected)}`).toBe(`${name}: ${expected}`);
    }
  });

  it('is up to date with the registry', () => {
    const rendered = renderDocument();
    if (process.env['FERRIS_UPDATE_DOCS'] === '1') writeFileSync(DOC_PATH, rendered);
    const current = readFileSync(DOC_PATH, 'utf8');
    for (const fn of listFunctions()) expect(current, `docs/functions.md misses ${fn.name}`).toContain(`### ${fn.name}\n`);
    expect(current, 'docs/functions.md is out of date: run FERRIS_UPDATE_DOCS=1 npx vitest run specs/functions/docs.spec.ts').toBe(rendered);
  });
});
