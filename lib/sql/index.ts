/** The SQL front end: parsing to a plain-data AST, printing it back, errors and variables. */
export * from './ast.js';
export { parseSql, parseExpression, type ParseOptions } from './parser.js';
export { toSql, statementsToSql } from './toSql.js';
export { formatSqlError } from './formatError.js';
export { substituteVariables } from './substitute.js';
export { stripLocations } from './stripLocations.js';
