import { FerrisError } from '../lib/types/errors.js';
import type { Row, Value } from '../lib/types/value.js';
import { failOnRowError, type RowErrorHandler } from './rowErrors.js';

/*
 * The row loop of a stateless operator (filter, projection, or both), generated per shape with
 * `new Function` so that each shape of filter and projection has a loop of its own, which the
 * JIT compiles for that shape alone (monomorphic calls, column reads and comparisons inline)
 * instead of one shared loop calling a tree of closures per row.
 *
 * Nothing of the query's text or values is written into the generated source: column indices
 * (integers, checked here) and operator tokens (from fixed tables) are; constants and closures
 * are parameters of the generated factory. Loops of the same shape share one factory.
 */

/** A comparison operator of SQL, with the operand on its left. */
export type ComparisonOp = '<' | '<=' | '=' | '>=' | '>' | '<>';

/**
 * One conjunct of a filter, tested per row: the row passes when every conjunct is TRUE (FALSE
 * and NULL alike drop it, as in WHERE). The forms other than `predicate` are read in place by
 * the generated loop; each is exactly the specialised closure of lib/plan that it replaces.
 */
export type RowTest =
  /** Any compiled condition: TRUE when it returns true. */
  | { readonly kind: 'predicate'; readonly test: (row: Row) => boolean }
  /** `row[column] op constant`, both of one kind whose JS values order natively (number or bigint, boolean); NULL is not TRUE. */
  | { readonly kind: 'native'; readonly column: number; readonly op: ComparisonOp; readonly constant: number | bigint | boolean }
  /**
   * A DECIMAL column against a constant exact at its scale: a value of that scale on the
   * integer fast path compares its unscaled integer with `unscaled`; any other value is
   * TRUE when `general` (the bound kernel) returns true.
   */
  | {
      readonly kind: 'decimal';
      readonly column: number;
      readonly op: ComparisonOp;
      readonly scale: number;
      readonly unscaled: number;
      readonly general: (value: Value) => Value;
    }
  /** `row[column] = constant` (or `<>`, `negated`) over strings. */
  | { readonly kind: 'string_equals'; readonly column: number; readonly negated: boolean; readonly constant: string }
  /** `row[column] [NOT] IN (constants)` over a few strings, tested with `===` one by one. */
  | { readonly kind: 'string_in'; readonly column: number; readonly negated: boolean; readonly constants: readonly string[] };

/** A binary kernel (an operator bound to its operand types): its `call` gives the result of two values. */
export interface BinaryKernel {
  call(left: Value, right: Value): Value;
}

/**
 * One output value of a projection: a column copied, a binary kernel called on two columns
 * (`price * quantity`), or computed by a compiled expression.
 */
export type RowOutput =
  | { readonly kind: 'column'; readonly index: number }
  | { readonly kind: 'columns_kernel'; readonly kernel: BinaryKernel; readonly left: number; readonly right: number }
  | { readonly kind: 'computed'; readonly compute: (row: Row) => Value };

/** A projection: its output values, or one closure building the whole output row. */
export type RowProjection = { readonly kind: 'outputs'; readonly outputs: readonly RowOutput[] } | { readonly kind: 'row'; readonly project: (row: Row) => Row };

/** What a batch loop does to each row: test it (all conjuncts TRUE), then project it; at least one of the two. */
export interface BatchLoopSpec {
  readonly filter?: readonly RowTest[];
  readonly project?: RowProjection;
  /** Receives a row whose test or projection threw (the row is left out); by default the error fails the stream. */
  readonly onRowError?: RowErrorHandler;
}

/** A filter as the operators take it: one compiled condition, or conjuncts to test in place. */
export type RowFilter = ((row: Row) => boolean) | readonly RowTest[];

/** A projection as the operators take it: one closure building the output row, or its outputs. */
export type RowMapping = ((row: Row) => Row) | RowProjection;

/** The conjuncts of a filter. */
export function filterConjuncts(filter: RowFilter): readonly RowTest[] {
  return typeof filter === 'function' ? [{ kind: 'predicate', test: filter }] : filter;
}

/** The projection of a mapping. */
export function projectionOf(mapping: RowMapping): RowProjection {
  return typeof mapping === 'function' ? { kind: 'row', project: mapping } : mapping;
}

/** The generated transformation of one batch's rows. */
export type BatchLoop = (rows: Row[]) => Row[];

/** JS operators of the native comparisons (`==`: a bigint and a number compare by value, as the bound kernels do). */
const NATIVE_TOKENS: { readonly [op in ComparisonOp]: string } = { '<': '<', '<=': '<=', '=': '==', '>=': '>=', '>': '>', '<>': '!=' };

/** JS operators comparing two safe-integer numbers. */
const NUMBER_TOKENS: { readonly [op in ComparisonOp]: string } = { '<': '<', '<=': '<=', '=': '===', '>=': '>=', '>': '>', '<>': '!==' };

/** Parameters handed to a generated factory (never written into its source). */
class Parameters {
  readonly values: unknown[] = [];

  /** The name under which `value` is visible to the generated code. */
  add(value: unknown): string {
    this.values.push(value);
    return `p${this.values.length - 1}`;
  }
}

/**
 * The batch loop of `spec`: for each row of a batch, the conjuncts tested left to right (up
 * to the first that is not TRUE), then the projection of a kept row. A filter alone returns
 * the very batch when every row passes. A row whose test or projection throws goes to
 * `onRowError` and is left out.
 *
 * ```text
 * rows:    [1] [5] [8]
 * compileBatchLoop({ filter: [row[0] > 4], project: [row[0], row[0] * 10] })
 * result:  [5, 50] [8, 80]
 * ```
 */
export function compileBatchLoop(spec: BatchLoopSpec): BatchLoop {
  if (spec.filter === undefined && spec.project === undefined) throw new FerrisError('INTERNAL', 'a batch loop needs a filter or a projection');
  const params = new Parameters();
  const onRowError = params.add(spec.onRowError ?? failOnRowError);
  // No conjuncts: every row passes.
  const test = spec.filter === undefined ? undefined : spec.filter.length === 0 ? 'true' : spec.filter.map((t) => testSource(t, params)).join(' && ');
  const output = spec.project === undefined ? undefined : projectionSource(spec.project, params);
  const source = loopSource(test, output, onRowError);
  return factoryOf(source, params.values.length)(...params.values);
}

/** The body of the generated factory: returns the batch loop. */
function loopSource(test: string | undefined, output: string | undefined, onRowError: string): string {
  // The output row is built before it is counted: a projection that throws leaves no slot.
  const step =
    output === undefined
      ? `if (${test!}) kept[n++] = row;`
      : test === undefined
        ? `const o = ${output}; out[n++] = o;`
        : `if (${test}) { const o = ${output}; out[n++] = o; }`;
  const result = output === undefined ? 'kept' : 'out';
  const allKept = output === undefined ? 'if (n === rows.length) return rows;\n  ' : '';
  return `'use strict';
return function batchLoop(rows) {
  const ${result} = ${output !== undefined && test !== undefined ? '[]' : 'new Array(rows.length)'};
  let n = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    let v;
    try {
      ${step}
    } catch (error) {
      ${onRowError}(row, error);
    }
  }
  ${allKept}${result}.length = n;
  return ${result};
};`;
}

/** The source of one conjunct: an expression true when it is TRUE for `row` (it may set `v`). */
function testSource(t: RowTest, params: Parameters): string {
  switch (t.kind) {
    case 'predicate':
      return `${params.add(t.test)}(row)`;
    case 'native':
      return `((v = ${read(t.column)}) !== null && v ${NATIVE_TOKENS[t.op]} ${params.add(t.constant)})`;
    case 'decimal': {
      const fast = `v.unscaled ${NUMBER_TOKENS[t.op]} ${params.add(t.unscaled)}`;
      return `((v = ${read(t.column)}) !== null && (v.scale === ${params.add(t.scale)} && v.big === null ? ${fast} : ${params.add(t.general)}(v) === true))`;
    }
    case 'string_equals':
      return t.negated ? `((v = ${read(t.column)}) !== null && v !== ${params.add(t.constant)})` : `${read(t.column)} === ${params.add(t.constant)}`;
    case 'string_in': {
      if (t.constants.length === 0) throw new FerrisError('INTERNAL', 'an IN test without constants');
      const names = t.constants.map((c) => params.add(c));
      return t.negated
        ? `((v = ${read(t.column)}) !== null && ${names.map((k) => `v !== ${k}`).join(' && ')})`
        : `((v = ${read(t.column)}) === ${names.join(' || v === ')})`;
    }
  }
}

/** The source of an output row. */
function projectionSource(p: RowProjection, params: Parameters): string {
  if (p.kind === 'row') return `${params.add(p.project)}(row)`;
  // An array literal: a packed array built in one step.
  return `[${p.outputs.map((o) => outputSource(o, params)).join(', ')}]`;
}

/** The source of one output value. */
function outputSource(o: RowOutput, params: Parameters): string {
  switch (o.kind) {
    case 'column':
      return read(o.index);
    case 'columns_kernel':
      return `${params.add(o.kernel)}.call(${read(o.left)}, ${read(o.right)})`;
    case 'computed':
      return `${params.add(o.compute)}(row)`;
  }
}

/** Reads a column of `row`; the index is checked to be an integer before it is written into the source. */
function read(index: number): string {
  if (!Number.isSafeInteger(index) || index < 0) throw new FerrisError('INTERNAL', `a batch loop reads column ${String(index)}: not a column index`);
  return `row[${index}]`;
}

/** At most this many loop shapes keep their factory; beyond that the cache starts afresh. */
const MAX_SHAPES = 256;

type Factory = (...params: unknown[]) => BatchLoop;

const factories = new Map<string, Factory>();

/** The factory of a loop source (one per shape, so plans of one shape share its compiled code). */
function factoryOf(source: string, paramCount: number): Factory {
  let factory = factories.get(source);
  if (factory === undefined) {
    if (factories.size >= MAX_SHAPES) factories.clear();
    const names = Array.from({ length: paramCount }, (_, i) => `p${i}`);
    factory = new Function(...names, source) as Factory;
    factories.set(source, factory);
  }
  return factory;
}
