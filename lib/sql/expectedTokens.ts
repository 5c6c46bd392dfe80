/**
 * The tokens a parse could continue with at a syntax error, computed precisely.
 *
 * jison reports the lookaheads of the LALR state it stopped in; LALR merges states of different
 * contexts, so that list holds tokens that are wrong here (after `WHERE a = b` it offers JOIN
 * and AS). Instead, the tokens before the error are replayed through the parse tables to get
 * the real state stack, and each terminal is tried on a copy of it: a terminal is expected when
 * the parser would shift it after the reductions it triggers.
 */

/** The parse tables of a jison-generated parser (the fields the simulation reads). */
export interface LrTables {
  /** Per state: terminal → `[1, state]` shift, `[2, production]` reduce, `[3]` accept; nonterminal → goto state. */
  readonly table: readonly Readonly<Record<number, number | readonly number[] | undefined>>[];
  /** States whose only action is a reduction, taken without looking at the next token. */
  readonly defaultActions: Readonly<Record<number, readonly number[] | undefined>>;
  /** Per production: `[left-hand symbol, length]` (index 0 unused). */
  readonly productions_: readonly (number | readonly [number, number])[];
  /** Terminal number → name. */
  readonly terminals_: Readonly<Record<number, string | undefined>>;
}

const SHIFT = 1;
const REDUCE = 2;
const ACCEPT = 3;
/** Terminals 1 (`$end`) and 2 (`error`) are jison's own. */
const FIRST_GRAMMAR_TERMINAL = 3;
/** A bound on reductions in a row; the grammar has no reduction cycles, this only guards. */
const MAX_STEPS = 10_000;

/** The names of the terminals the parser accepts after the given token numbers. */
export function expectedTerminals(tables: LrTables, consumed: readonly number[]): string[] {
  const stack = replay(tables, consumed);
  if (stack === undefined) return [];
  const expected: string[] = [];
  for (const [key, name] of Object.entries(tables.terminals_)) {
    const terminal = Number(key);
    if (terminal >= FIRST_GRAMMAR_TERMINAL && name !== undefined && step(tables, [...stack], terminal, false)) expected.push(name);
  }
  return expected;
}

/** The state stack after shifting every consumed token, or undefined if they do not parse. */
function replay(tables: LrTables, consumed: readonly number[]): number[] | undefined {
  const stack = [0];
  for (const terminal of consumed) {
    if (!step(tables, stack, terminal, true)) return undefined;
  }
  return stack;
}

/**
 * Runs the reductions `terminal` triggers on `stack` (in place); true when the parser then
 * shifts it (pushing the new state when `shift` is set) or accepts.
 */
function step(tables: LrTables, stack: number[], terminal: number, shift: boolean): boolean {
  for (let steps = 0; steps < MAX_STEPS; steps++) {
    const state = stack[stack.length - 1] ?? 0;
    const action = tables.defaultActions[state] ?? tables.table[state]?.[terminal];
    if (!Array.isArray(action)) return false;
    const [kind, target] = action as readonly number[];
    if (kind === SHIFT) {
      if (shift && target !== undefined) stack.push(target);
      return true;
    }
    if (kind === ACCEPT) return true;
    if (kind !== REDUCE || target === undefined) return false;
    const production = tables.productions_[target];
    if (!Array.isArray(production)) return false;
    const [symbol, length] = production as readonly [number, number];
    stack.length -= length;
    const goto = tables.table[stack[stack.length - 1] ?? 0]?.[symbol];
    if (typeof goto !== 'number') return false;
    stack.push(goto);
  }
  return false;
}
