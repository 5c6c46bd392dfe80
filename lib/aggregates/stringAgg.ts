import { textConverter } from '../functions/runtimeValues.js';
import { STRING } from '../types/sqlType.js';
import type { Value } from '../types/value.js';
import { defineAggregate } from './define.js';
import { mergeable } from './mergeable.js';
import { textParameter } from './parameters.js';
import type { Accumulator, AggregateFunction } from './types.js';

/**
 * STRING_AGG: the non-NULL values as text joined by the separator, in arrival order. The text
 * grows by concatenation (V8 keeps it as a rope until it is read), so `result()` is O(1).
 */
class StringAggAccumulator implements Accumulator {
  text = '';
  /** Whether any value was added ('' is a value too). */
  any = false;

  constructor(
    private readonly separator: string,
    private readonly toText: (v: Value) => string,
  ) {}

  add(args: readonly Value[]): void {
    const v = args[0]!;
    if (v === null) return;
    this.append(this.toText(v));
  }

  merge(other: Accumulator): void {
    const o = mergeable(other, StringAggAccumulator);
    if (o.any) this.append(o.text);
  }

  /** Appends one piece (or the joined pieces of a merged accumulator). */
  private append(piece: string): void {
    this.text = this.any ? this.text + this.separator + piece : piece;
    this.any = true;
  }

  result(): Value {
    return this.any ? this.text : null;
  }
}

const STRING_AGG = defineAggregate({
  name: 'STRING_AGG',
  aliases: ['GROUP_CONCAT', 'LISTAGG', 'COLLECT'],
  signature: 'STRING_AGG([DISTINCT] x, sep)',
  description:
    'The non-NULL values of x as text (numbers keep their scale, timestamps ISO-8601), joined by the constant sep in arrival order; NULL over no values.',
  minArgs: 1,
  maxArgs: 1,
  parameters: 1,
  // A bare NULL argument still has its parameters checked; its result is NULL.
  bindsNullArguments: true,
  bind(argTypes, parameters) {
    const separator = textParameter('STRING_AGG', 'separator', parameters[0]!);
    const toText = textConverter(argTypes[0]!);
    return { returnType: STRING, create: () => new StringAggAccumulator(separator, toText) };
  },
});

/** STRING_AGG (alias GROUP_CONCAT, LISTAGG, COLLECT). */
export const STRING_AGG_FUNCTIONS: readonly AggregateFunction[] = [STRING_AGG];
