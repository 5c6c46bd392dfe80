import { Decimal } from '../../lib/types/decimal.js';
import { arrayType, INTEGER, STRING, TIMESTAMP, type SqlType } from '../../lib/types/sqlType.js';
import type { Value } from '../../lib/types/value.js';
import { callConstant, callTyped } from './callFunction.js';

/** What docs/functions.md says about a function beyond its registry entry. */
export interface FunctionReference {
  /** The SQL type of the result, in words when it depends on the arguments. */
  readonly returns: string;
  /** A call in SQL. */
  readonly example: string;
  /** Its result as SQL shows it; a note in parentheses may follow. */
  readonly result: string;
  /** Computes the example's result, for functions whose result does not depend on the clock or the record. */
  readonly check?: () => Value;
}

const dec = (t: string): Decimal => Decimal.parse(t);
const TS = Date.UTC(2024, 1, 29, 13, 45, 30, 250);
const ts = (...args: Value[]): readonly SqlType[] => args.map(() => TIMESTAMP);
const DOC = '{"trade":{"sym":"AAPL","px":150.25,"legs":[1,2]}}';
const DOC_SQL = `'{"trade":{"sym":"AAPL","px":150.25,"legs":[1,2]}}'`;
const MAP_TYPE: SqlType = { kind: 'MAP', key: STRING, value: INTEGER };

/** Reference data of every registered function, by canonical name. */
export const FUNCTION_REFERENCE: Readonly<Record<string, FunctionReference>> = {
  ABS: { returns: 'type of x', example: 'ABS(-1.50)', result: '1.50', check: () => callConstant('ABS', dec('-1.50')) },
  ARRAY: { returns: 'ARRAY<common type of the arguments>', example: 'ARRAY(1, 2.5)', result: '[1.0, 2.5]', check: () => callConstant('ARRAY', 1, dec('2.5')) },
  ARRAY_CONTAINS: { returns: 'BOOLEAN', example: 'ARRAY_CONTAINS(ARRAY(1, 2), 2)', result: 'TRUE', check: () => callTyped('ARRAY_CONTAINS', [arrayType(INTEGER), INTEGER], [1, 2], 2) },
  ARRAY_LENGTH: { returns: 'INTEGER', example: 'ARRAY_LENGTH(ARRAY(1, 2, 3))', result: '3', check: () => callTyped('ARRAY_LENGTH', [arrayType(INTEGER)], [1, 2, 3]) },
  CEIL: { returns: 'INTEGER, DOUBLE, or DECIMAL(p - s + 1, 0)', example: 'CEIL(1.01)', result: '2', check: () => callConstant('CEIL', dec('1.01')) },
  COALESCE: { returns: 'common type of the arguments', example: 'COALESCE(NULL, 2, 3)', result: '2', check: () => callConstant('COALESCE', null, 2, 3) },
  CONCAT: { returns: 'STRING', example: "CONCAT('a', NULL, 1)", result: "'a1'", check: () => callConstant('CONCAT', 'a', null, 1) },
  CURRENT_DATE: { returns: 'DATE', example: 'CURRENT_DATE()', result: "today's UTC date" },
  DATE: { returns: 'DATE', example: "DATE(TIMESTAMP '2024-02-29 13:45:30')", result: "DATE '2024-02-29'", check: () => callTyped('DATE', ts(TS), TS) },
  DATEDIFF: { returns: 'INTEGER', example: "DATEDIFF('day', TIMESTAMP '2024-01-31 00:00:00', TIMESTAMP '2024-02-29 13:45:30')", result: '29', check: () => callTyped('DATEDIFF', [STRING, TIMESTAMP, TIMESTAMP], 'day', Date.UTC(2024, 0, 31), TS) },
  DATE_ADD: { returns: 'TIMESTAMP, or DATE for a DATE and units of a day or more', example: "DATE_ADD('month', 1, TIMESTAMP '2024-01-31 00:00:00')", result: "TIMESTAMP '2024-02-29 00:00:00'", check: () => callTyped('DATE_ADD', [STRING, INTEGER, TIMESTAMP], 'month', 1, Date.UTC(2024, 0, 31)) },
  DATE_FORMAT: { returns: 'STRING', example: "DATE_FORMAT(TIMESTAMP '2024-02-29 13:45:30', '%Y-%m-%d %H:%M')", result: "'2024-02-29 13:45'", check: () => callTyped('DATE_FORMAT', [TIMESTAMP, STRING], TS, '%Y-%m-%d %H:%M') },
  DATE_TRUNC: { returns: 'type of ts', example: "DATE_TRUNC('hour', TIMESTAMP '2024-02-29 13:45:30')", result: "TIMESTAMP '2024-02-29 13:00:00'", check: () => callTyped('DATE_TRUNC', [STRING, TIMESTAMP], 'hour', TS) },
  DAY: { returns: 'INTEGER', example: "DAY(TIMESTAMP '2024-02-29 13:45:30')", result: '29', check: () => callTyped('DAY', ts(TS), TS) },
  ENDS_WITH: { returns: 'BOOLEAN', example: "ENDS_WITH('AAPL.O', '.O')", result: 'TRUE', check: () => callConstant('ENDS_WITH', 'AAPL.O', '.O') },
  EXP: { returns: 'DOUBLE', example: 'EXP(0)', result: '1', check: () => callConstant('EXP', 0) },
  FLOOR: { returns: 'INTEGER, DOUBLE, or DECIMAL(p - s + 1, 0)', example: 'FLOOR(-1.01)', result: '-2', check: () => callConstant('FLOOR', dec('-1.01')) },
  FROM_UNIXTIME: { returns: 'TIMESTAMP', example: 'FROM_UNIXTIME(1709214330)', result: "TIMESTAMP '2024-02-29 13:45:30'", check: () => callConstant('FROM_UNIXTIME', 1709214330) },
  GREATEST: { returns: 'common type of the arguments', example: 'GREATEST(3, NULL, 5)', result: '5', check: () => callConstant('GREATEST', 3, null, 5) },
  HAS_HEADER: { returns: 'BOOLEAN', example: "HAS_HEADER('trace-id')", result: 'TRUE (for a record with that header)' },
  HEADER: { returns: 'STRING', example: "HEADER('trace-id')", result: "'abc' (for a record with trace-id: abc)" },
  HEADER_KEYS: { returns: 'ARRAY<STRING>', example: 'HEADER_KEYS()', result: "['trace-id'] (for a record with that header)" },
  HOUR: { returns: 'INTEGER', example: "HOUR(TIMESTAMP '2024-02-29 13:45:30')", result: '13', check: () => callTyped('HOUR', ts(TS), TS) },
  IF: { returns: 'common type of then and else', example: "IF(qty > 0, 'buy', 'sell')", result: "'buy' (when qty is 5)", check: () => callConstant('IF', true, 'buy', 'sell') },
  IFNULL: { returns: 'common type of a and b', example: "IFNULL(NULL, 'x')", result: "'x'", check: () => callConstant('IFNULL', null, 'x') },
  INITCAP: { returns: 'STRING', example: "INITCAP('hello WORLD')", result: "'Hello World'", check: () => callConstant('INITCAP', 'hello WORLD') },
  JOIN: { returns: 'STRING', example: "JOIN(',', 'a', NULL, 'b')", result: "'a,b'", check: () => callConstant('JOIN', ',', 'a', null, 'b') },
  JSON_EXISTS: { returns: 'BOOLEAN', example: `JSON_EXISTS(${DOC_SQL}, '$.trade.px')`, result: 'TRUE', check: () => callConstant('JSON_EXISTS', DOC, '$.trade.px') },
  JSON_EXTRACT: { returns: 'ANY (INTEGER, DECIMAL, STRING, BOOLEAN, ARRAY or STRUCT)', example: `JSON_EXTRACT(${DOC_SQL}, '$.trade.px')`, result: '150.25 (a DECIMAL)', check: () => callConstant('JSON_EXTRACT', DOC, '$.trade.px') },
  JSON_QUERY: { returns: 'STRING', example: `JSON_QUERY(${DOC_SQL}, '$.trade.legs')`, result: "'[1,2]'", check: () => callConstant('JSON_QUERY', DOC, '$.trade.legs') },
  JSON_VALUE: { returns: 'STRING', example: `JSON_VALUE(${DOC_SQL}, '$.trade.sym')`, result: "'AAPL'", check: () => callConstant('JSON_VALUE', DOC, '$.trade.sym') },
  LEAST: { returns: 'common type of the arguments', example: 'LEAST(2, 1.50)', result: '1.50', check: () => callConstant('LEAST', 2, dec('1.50')) },
  LEFT: { returns: 'STRING', example: "LEFT('hello', 2)", result: "'he'", check: () => callConstant('LEFT', 'hello', 2) },
  LENGTH: { returns: 'INTEGER', example: "LENGTH('héllo')", result: '5', check: () => callConstant('LENGTH', 'héllo') },
  LN: { returns: 'DOUBLE', example: 'LN(1)', result: '0', check: () => callConstant('LN', 1) },
  LOG: { returns: 'DOUBLE', example: 'LOG(2, 8)', result: '3', check: () => callConstant('LOG', 2, 8) },
  LOG10: { returns: 'DOUBLE', example: 'LOG10(1000)', result: '3', check: () => callConstant('LOG10', 1000) },
  LOWER: { returns: 'STRING', example: "LOWER('AbC')", result: "'abc'", check: () => callConstant('LOWER', 'AbC') },
  LPAD: { returns: 'STRING', example: "LPAD('42', 5, '0')", result: "'00042'", check: () => callConstant('LPAD', '42', 5, '0') },
  LTRIM: { returns: 'STRING', example: "LTRIM('  a  ')", result: "'a  '", check: () => callConstant('LTRIM', '  a  ') },
  MAP: { returns: 'MAP<STRING, common type of the values>', example: "MAP('bid', 1, 'ask', 2)", result: "{bid: 1, ask: 2}", check: () => callConstant('MAP', 'bid', 1, 'ask', 2) },
  MAP_KEYS: { returns: 'ARRAY<STRING>', example: "MAP_KEYS(MAP('bid', 1, 'ask', 2))", result: "['bid', 'ask']", check: () => callTyped('MAP_KEYS', [MAP_TYPE], new Map([['bid', 1], ['ask', 2]])) },
  MAP_VALUES: { returns: 'ARRAY<value type>', example: "MAP_VALUES(MAP('bid', 1, 'ask', 2))", result: '[1, 2]', check: () => callTyped('MAP_VALUES', [MAP_TYPE], new Map([['bid', 1], ['ask', 2]])) },
  MINUTE: { returns: 'INTEGER', example: "MINUTE(TIMESTAMP '2024-02-29 13:45:30')", result: '45', check: () => callTyped('MINUTE', ts(TS), TS) },
  MOD: { returns: 'as the % operator', example: 'MOD(-7, 3)', result: '-1', check: () => callConstant('MOD', -7, 3) },
  MONTH: { returns: 'INTEGER', example: "MONTH(TIMESTAMP '2024-02-29 13:45:30')", result: '2', check: () => callTyped('MONTH', ts(TS), TS) },
  NOW: { returns: 'TIMESTAMP', example: 'NOW()', result: 'the current time' },
  NULLIF: { returns: 'type of a', example: 'NULLIF(1, 1.0)', result: 'NULL', check: () => callConstant('NULLIF', 1, dec('1.0')) },
  PI: { returns: 'DOUBLE', example: 'PI()', result: '3.141592653589793', check: () => callConstant('PI') },
  POSITION: { returns: 'INTEGER', example: "POSITION('lo', 'hello')", result: '4', check: () => callConstant('POSITION', 'lo', 'hello') },
  POWER: { returns: 'DOUBLE', example: 'POWER(2, 10)', result: '1024', check: () => callConstant('POWER', 2, 10) },
  QUARTER: { returns: 'INTEGER', example: "QUARTER(TIMESTAMP '2024-02-29 13:45:30')", result: '1', check: () => callTyped('QUARTER', ts(TS), TS) },
  RANDOM: { returns: 'DOUBLE', example: 'RANDOM()', result: 'a number in [0, 1)' },
  REGEXP: { returns: 'BOOLEAN', example: "REGEXP('AAPL', '^[A-Z]{4}$')", result: 'TRUE', check: () => callConstant('REGEXP', 'AAPL', '^[A-Z]{4}$') },
  REGEXP_EXTRACT: { returns: 'STRING', example: "REGEXP_EXTRACT('px=12.50', '\\d+\\.\\d+')", result: "'12.50'", check: () => callConstant('REGEXP_EXTRACT', 'px=12.50', '\\d+\\.\\d+') },
  REGEXP_REPLACE: { returns: 'STRING', example: "REGEXP_REPLACE('a1b22', '\\d+', '#')", result: "'a#b#'", check: () => callConstant('REGEXP_REPLACE', 'a1b22', '\\d+', '#') },
  REMOVE_HEADER: { returns: '(not supported yet)', example: "REMOVE_HEADER('trace-id')", result: 'error: not supported yet' },
  REPLACE: { returns: 'STRING', example: "REPLACE('a.b.c', '.', '-')", result: "'a-b-c'", check: () => callConstant('REPLACE', 'a.b.c', '.', '-') },
  REVERSE: { returns: 'STRING', example: "REVERSE('abc')", result: "'cba'", check: () => callConstant('REVERSE', 'abc') },
  RIGHT: { returns: 'STRING', example: "RIGHT('hello', 2)", result: "'lo'", check: () => callConstant('RIGHT', 'hello', 2) },
  ROUND: { returns: 'INTEGER, DOUBLE, or DECIMAL with scale n', example: 'ROUND(2.345, 2)', result: '2.35', check: () => callConstant('ROUND', dec('2.345'), 2) },
  RPAD: { returns: 'STRING', example: "RPAD('ab', 4, '*')", result: "'ab**'", check: () => callConstant('RPAD', 'ab', 4, '*') },
  RTRIM: { returns: 'STRING', example: "RTRIM('a.00', '0')", result: "'a.'", check: () => callConstant('RTRIM', 'a.00', '0') },
  SECOND: { returns: 'INTEGER', example: "SECOND(TIMESTAMP '2024-02-29 13:45:30')", result: '30', check: () => callTyped('SECOND', ts(TS), TS) },
  SET_HEADER: { returns: '(not supported yet)', example: "SET_HEADER('trace-id', 'abc')", result: 'error: not supported yet' },
  SIGN: { returns: 'INTEGER', example: 'SIGN(-0.5)', result: '-1', check: () => callConstant('SIGN', dec('-0.5')) },
  SPLIT: { returns: 'ARRAY<STRING>', example: "SPLIT('a,b,c', ',')", result: "['a', 'b', 'c']", check: () => callConstant('SPLIT', 'a,b,c', ',') },
  SPLIT_PART: { returns: 'STRING', example: "SPLIT_PART('a,b,c', ',', -1)", result: "'c'", check: () => callConstant('SPLIT_PART', 'a,b,c', ',', -1) },
  SQRT: { returns: 'DOUBLE', example: 'SQRT(2.25)', result: '1.5', check: () => callConstant('SQRT', dec('2.25')) },
  STARTS_WITH: { returns: 'BOOLEAN', example: "STARTS_WITH('AAPL.O', 'AAPL')", result: 'TRUE', check: () => callConstant('STARTS_WITH', 'AAPL.O', 'AAPL') },
  STRPOS: { returns: 'INTEGER', example: "STRPOS('hello', 'll')", result: '3', check: () => callConstant('STRPOS', 'hello', 'll') },
  STRUCT: { returns: 'STRUCT<name type, ...>', example: "STRUCT('sym', 'AAPL', 'qty', 5)", result: "{sym: 'AAPL', qty: 5}", check: () => callConstant('STRUCT', 'sym', 'AAPL', 'qty', 5) },
  SUBSTRING: { returns: 'STRING', example: "SUBSTRING('hello', 2, 3)", result: "'ell'", check: () => callConstant('SUBSTRING', 'hello', 2, 3) },
  TIMESTAMP: { returns: 'TIMESTAMP', example: 'TIMESTAMP()', result: "the record's _timestamp" },
  TO_DATE: { returns: 'DATE', example: "TO_DATE('29.02.2024', '%d.%m.%Y')", result: "DATE '2024-02-29'", check: () => callConstant('TO_DATE', '29.02.2024', '%d.%m.%Y') },
  TO_TIMESTAMP: { returns: 'TIMESTAMP', example: "TO_TIMESTAMP('2024-02-29T13:45:30Z')", result: "TIMESTAMP '2024-02-29 13:45:30'", check: () => callConstant('TO_TIMESTAMP', '2024-02-29T13:45:30Z') },
  TRIM: { returns: 'STRING', example: "TRIM('xxaxx', 'x')", result: "'a'", check: () => callConstant('TRIM', 'xxaxx', 'x') },
  TRUNCATE: { returns: 'INTEGER, DOUBLE, or DECIMAL with scale n', example: 'TRUNCATE(-2.349, 2)', result: '-2.34', check: () => callConstant('TRUNCATE', dec('-2.349'), 2) },
  UNIX_TIMESTAMP: { returns: 'INTEGER', example: "UNIX_TIMESTAMP(TIMESTAMP '2024-02-29 13:45:30')", result: '1709214330', check: () => callTyped('UNIX_TIMESTAMP', ts(TS), TS) },
  UPPER: { returns: 'STRING', example: "UPPER('abc')", result: "'ABC'", check: () => callConstant('UPPER', 'abc') },
  YEAR: { returns: 'INTEGER', example: "YEAR(TIMESTAMP '2024-02-29 13:45:30')", result: '2024', check: () => callTyped('YEAR', ts(TS), TS) },
};

