import { FerrisError } from '../types/errors.js';
import { ANY, arrayType, BOOLEAN, INTEGER, STRING, type Field, type SqlType } from '../types/sqlType.js';
import type { Value } from '../types/value.js';
import { expectArgument } from './argumentTypes.js';
import { bindComparison } from './comparison.js';
import { coercionsTo, superTypeOfArguments } from './conditional.js';
import { bound, defineFunction } from './define.js';
import { textConverter } from './runtimeValues.js';
import type { ScalarFunction } from './types.js';

/*
 * Constructors and accessors of ARRAY, MAP and STRUCT values. Elements of mixed types convert
 * to their common super type. MAP keys are text (non-strings are cast to STRING).
 */

const ARRAY = defineFunction({
  name: 'ARRAY',
  category: 'collection',
  signature: 'ARRAY(a, ...)',
  description: 'An ARRAY of the arguments (NULLs kept), typed by their common super type.',
  minArgs: 0,
  maxArgs: Infinity,
  bind(argTypes) {
    const element = superTypeOfArguments('ARRAY', argTypes);
    const convert = coercionsTo(argTypes, element);
    const count = argTypes.length;
    return bound(arrayType(element), (args) => {
      const out = new Array<Value>(count);
      for (let i = 0; i < count; i++) {
        const v = args[i];
        out[i] = v === null ? null : convert[i]!(v);
      }
      return out;
    });
  },
});

const STRUCT = defineFunction({
  name: 'STRUCT',
  category: 'collection',
  signature: "STRUCT('name', value, ...)",
  description: 'A STRUCT with the given field names (constant strings) and values.',
  minArgs: 2,
  maxArgs: Infinity,
  bind(argTypes, constants) {
    if (argTypes.length % 2 !== 0) {
      throw new FerrisError('SQL_TYPE', `STRUCT expects name/value pairs, got ${argTypes.length} arguments`);
    }
    const fields: Field[] = [];
    for (let i = 0; i < argTypes.length; i += 2) {
      const name = constants[i];
      if (typeof name !== 'string' || name === '' || name === '__proto__') {
        throw new FerrisError('SQL_TYPE', `STRUCT: argument ${i + 1} must be a constant, non-empty field name string`);
      }
      if (fields.some((f) => f.name === name)) throw new FerrisError('SQL_TYPE', `STRUCT: field '${name}' appears twice`);
      fields.push({ name, type: argTypes[i + 1]!, nullable: true });
    }
    return bound({ kind: 'STRUCT', fields }, (args) => {
      const out: Record<string, Value> = {};
      for (let i = 0; i < fields.length; i++) out[fields[i]!.name] = args[2 * i + 1];
      return out;
    });
  },
});

const MAP = defineFunction({
  name: 'MAP',
  category: 'collection',
  signature: 'MAP(key, value, ...)',
  description: 'A MAP from the text of each key to its value; a NULL key is an error of the record.',
  minArgs: 0,
  maxArgs: Infinity,
  bind(argTypes) {
    if (argTypes.length % 2 !== 0) {
      throw new FerrisError('SQL_TYPE', `MAP expects key/value pairs, got ${argTypes.length} arguments`);
    }
    const keyTypes = argTypes.filter((_, i) => i % 2 === 0);
    const valueTypes = argTypes.filter((_, i) => i % 2 === 1);
    const valueType = superTypeOfArguments('MAP', valueTypes);
    const keyText = keyTypes.map((t) => textConverter(t));
    const convert = coercionsTo(valueTypes, valueType);
    return bound({ kind: 'MAP', key: STRING, value: valueType }, (args) => {
      const out = new Map<string, Value>();
      for (let i = 0; i < keyText.length; i++) {
        const key = args[2 * i];
        if (key === null) throw new FerrisError('EVALUATION', `MAP: key ${i + 1} is NULL`);
        const v = args[2 * i + 1];
        out.set(keyText[i]!(key), v === null ? null : convert[i]!(v));
      }
      return out;
    });
  },
});

const ARRAY_LENGTH = defineFunction({
  name: 'ARRAY_LENGTH',
  aliases: ['CARDINALITY'],
  category: 'collection',
  signature: 'ARRAY_LENGTH(collection)',
  description: 'The number of elements of an ARRAY (or entries of a MAP).',
  minArgs: 1,
  maxArgs: 1,
  bind(argTypes) {
    expectArgument('ARRAY_LENGTH', argTypes, 0, ['ARRAY', 'MAP']);
    return bound(INTEGER, (args) => {
      const c = args[0];
      if (c === null) return null;
      if (Array.isArray(c)) return c.length;
      if (c instanceof Map) return c.size;
      throw new FerrisError('EVALUATION', 'ARRAY_LENGTH: the argument is not an ARRAY or a MAP');
    });
  },
});

const ARRAY_CONTAINS = defineFunction({
  name: 'ARRAY_CONTAINS',
  category: 'collection',
  signature: 'ARRAY_CONTAINS(array, value)',
  description: 'Whether some element of the array equals value (NULL elements never match).',
  minArgs: 2,
  maxArgs: 2,
  bind(argTypes) {
    const arrayArg = expectArgument('ARRAY_CONTAINS', argTypes, 0, ['ARRAY']);
    const element = arrayArg.kind === 'ARRAY' ? arrayArg.element : ANY;
    const equals = bindComparison('=', element, argTypes[1]!);
    return bound(BOOLEAN, (args) => {
      const array = args[0];
      const v = args[1];
      if (array === null || v === null) return null;
      for (const item of array as Value[]) if (equals.call(item, v) === true) return true;
      return false;
    });
  },
});

function mapPart(name: 'MAP_KEYS' | 'MAP_VALUES'): ScalarFunction {
  const keys = name === 'MAP_KEYS';
  return defineFunction({
    name,
    category: 'collection',
    signature: `${name}(map)`,
    description: `The ${keys ? 'keys' : 'values'} of a MAP as an ARRAY, in insertion order.`,
    minArgs: 1,
    maxArgs: 1,
    bind(argTypes) {
      const mapArg = expectArgument(name, argTypes, 0, ['MAP']);
      const element: SqlType = keys ? STRING : mapArg.kind === 'MAP' ? mapArg.value : ANY;
      return bound(arrayType(element), (args) => {
        const m = args[0];
        if (m === null) return null;
        if (!(m instanceof Map)) throw new FerrisError('EVALUATION', `${name}: the argument is not a MAP`);
        return keys ? Array.from(m.keys()) : Array.from(m.values());
      });
    },
  });
}

/** ARRAY, STRUCT, MAP, ARRAY_LENGTH, ARRAY_CONTAINS, MAP_KEYS, MAP_VALUES. */
export const COLLECTION_FUNCTIONS: readonly ScalarFunction[] = [
  ARRAY,
  STRUCT,
  MAP,
  ARRAY_LENGTH,
  ARRAY_CONTAINS,
  mapPart('MAP_KEYS'),
  mapPart('MAP_VALUES'),
];
