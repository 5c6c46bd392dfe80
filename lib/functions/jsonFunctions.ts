import { isDecimal } from '../types/decimal.js';
import { JsonNumberText, isJsonObject, parseExactJson, stringifyExactJson } from '../types/exactJson.js';
import { ANY, BOOLEAN, STRING, type SqlType } from '../types/sqlType.js';
import type { StructValue, Value } from '../types/value.js';
import { DEFAULT_FORMAT, inferFromJson, toText } from '../types/valueText.js';
import { expectArgument } from './argumentTypes.js';
import { bound, defineFunction } from './define.js';
import { followJsonPath, MISSING, parseJsonPath, type JsonPathStep } from './jsonPath.js';
import { anyNull, textOf } from './runtimeValues.js';
import type { ScalarFunction } from './types.js';

/*
 * The first argument is JSON text (invalid JSON gives NULL) or an already decoded ARRAY, MAP
 * or STRUCT value. Each call site remembers the last text it parsed, so several JSON functions
 * over the same column value of one record parse it once each, and repeated texts not at all.
 */

/** What each JSON function makes of the node the path leads to. */
interface JsonResult {
  readonly returnType: SqlType;
  /** From a `parseExactJson`ed node ({@link MISSING} when the path leads nowhere). */
  fromJson(node: unknown): Value;
  /** From a decoded value's node ({@link MISSING} when the path leads nowhere). */
  fromValue(node: Value | typeof MISSING): Value;
}

/** Marks JSON text that does not parse. */
const INVALID: unique symbol = Symbol('invalid');

/** Parses JSON text, remembering the last text and its document. */
class JsonParseMemo {
  private lastText: string | undefined = undefined;
  private lastDocument: unknown = undefined;

  parse(text: string): unknown {
    if (text !== this.lastText) {
      this.lastText = text;
      try {
        this.lastDocument = parseExactJson(text);
      } catch {
        this.lastDocument = INVALID;
      }
    }
    return this.lastDocument;
  }
}

/** Whether a value is an ARRAY, MAP or STRUCT. */
function isCompound(v: Value): boolean {
  return typeof v === 'object' && v !== null && !isDecimal(v);
}

/** Follows `steps` through a decoded ARRAY/MAP/STRUCT value. */
function followValuePath(root: Value, steps: readonly JsonPathStep[]): Value | typeof MISSING {
  let node: Value = root;
  for (const step of steps) {
    if (typeof step === 'number') {
      if (!Array.isArray(node) || step >= node.length) return MISSING;
      node = node[step] as Value;
    } else if (node instanceof Map) {
      if (!node.has(step)) return MISSING;
      node = node.get(step) as Value;
    } else if (isCompound(node) && !Array.isArray(node) && Object.hasOwn(node as StructValue, step)) {
      node = (node as StructValue)[step] as Value;
    } else {
      return MISSING;
    }
  }
  return node;
}

function jsonFunction(name: string, signature: string, description: string, result: JsonResult): ScalarFunction {
  return defineFunction({
    name,
    category: 'json',
    signature,
    description,
    minArgs: 2,
    maxArgs: 2,
    bind(argTypes, constants) {
      expectArgument(name, argTypes, 0, ['STRING', 'ARRAY', 'MAP', 'STRUCT']);
      expectArgument(name, argTypes, 1, ['STRING']);
      const constantPath = constants[1];
      const fixedSteps = typeof constantPath === 'string' ? parseJsonPath(constantPath, name, 'SQL_TYPE') : undefined;
      const memo = new JsonParseMemo();
      let lastPath: string | undefined;
      let lastSteps: JsonPathStep[] = [];
      const stepsOf = (path: Value): JsonPathStep[] => {
        if (fixedSteps !== undefined) return fixedSteps;
        const text = textOf(path);
        if (text !== lastPath) {
          lastSteps = parseJsonPath(text, name, 'EVALUATION');
          lastPath = text;
        }
        return lastSteps;
      };
      return bound(result.returnType, (args) => {
        if (anyNull(args, 2)) return null;
        const input = args[0];
        const steps = stepsOf(args[1]);
        if (typeof input !== 'string') return result.fromValue(followValuePath(input, steps));
        const document = memo.parse(input);
        return document === INVALID ? null : result.fromJson(followJsonPath(document, steps));
      });
    },
  });
}

const JSON_EXTRACT = jsonFunction(
  'JSON_EXTRACT',
  'JSON_EXTRACT(json, path)',
  'The value at path, typed like schema-less JSON input (integers INTEGER, other numbers DECIMAL with every digit of their text, objects STRUCT); NULL when absent or the JSON is invalid.',
  {
    returnType: ANY,
    fromJson: (node) => (node === MISSING ? null : inferFromJson(node).value),
    fromValue: (node) => (node === MISSING ? null : node),
  },
);

const JSON_VALUE = jsonFunction(
  'JSON_VALUE',
  'JSON_VALUE(json, path)',
  'The scalar at path as text; NULL for objects, arrays, JSON null, a missing path or invalid JSON.',
  {
    returnType: STRING,
    fromJson: (node) => {
      if (typeof node === 'string') return node;
      if (typeof node === 'number' || typeof node === 'boolean') return String(node);
      return node instanceof JsonNumberText ? node.text : null;
    },
    fromValue: (node) => (node === MISSING || node === null || isCompound(node) ? null : textOf(node)),
  },
);

const JSON_QUERY = jsonFunction(
  'JSON_QUERY',
  'JSON_QUERY(json, path)',
  'The object or array at path as JSON text; NULL for scalars, a missing path or invalid JSON.',
  {
    returnType: STRING,
    fromJson: (node) => (isJsonObject(node) || Array.isArray(node) ? stringifyExactJson(node) : null),
    fromValue: (node) => (node !== MISSING && isCompound(node) ? toText(node, ANY, DEFAULT_FORMAT) : null),
  },
);

const JSON_EXISTS = jsonFunction(
  'JSON_EXISTS',
  'JSON_EXISTS(json, path)',
  'Whether path leads to a value (a JSON null counts); NULL when the JSON is invalid.',
  {
    returnType: BOOLEAN,
    fromJson: (node) => node !== MISSING,
    fromValue: (node) => node !== MISSING,
  },
);

/** JSON_EXTRACT, JSON_VALUE, JSON_QUERY, JSON_EXISTS. */
export const JSON_FUNCTIONS: readonly ScalarFunction[] = [JSON_EXTRACT, JSON_VALUE, JSON_QUERY, JSON_EXISTS];
