/** Printing of statements, annotations first, as canonical SQL. */
import type { ColumnDef, EmitMode, Property, Statement } from '../ast.js';
import { printDataType, printIdentifier, printProperties, printString } from './literals.js';
import { printQuery } from './queries.js';

/** Prints a statement with its annotations as `-- @key: value` lines before it. */
export function printStatement(statement: Statement): string {
  const annotations = statement.annotations.map((annotation) =>
    annotation.value === '' ? `-- @${annotation.key}\n` : `-- @${annotation.key}: ${annotation.value}\n`,
  );
  return annotations.join('') + printStatementBody(statement);
}

function printStatementBody(statement: Statement): string {
  switch (statement.type) {
    case 'query':
      return printQuery(statement.query);
    case 'create_source':
      return joinParts(
        `CREATE ${statement.kind} ${printIdentifier(statement.name)}`,
        statement.columns.length > 0 ? printColumnDefs(statement.columns) : '',
        printProperties(statement.properties),
      );
    case 'create_as_select':
      return joinParts(
        `CREATE ${statement.kind} ${printIdentifier(statement.name)}`,
        statement.columns === null ? '' : printColumnDefs(statement.columns),
        `AS ${printQuery(statement.query)}`,
        printTail(statement.emit, statement.properties),
      );
    case 'insert_into':
      return joinParts(`INSERT INTO ${printIdentifier(statement.target)} ${printQuery(statement.query)}`, printTail(statement.emit, statement.properties));
    case 'select_into':
      return joinParts(`${printQuery(statement.query)} INTO ${printIdentifier(statement.target)}`, printTail(statement.emit, statement.properties));
    case 'deploy_job': {
      const strategy = statement.strategy === null
        ? ''
        : `STRATEGY ${statement.strategy.kind}${statement.strategy.percent === null ? '' : `(${statement.strategy.percent})`}`;
      return joinParts(
        `DEPLOY JOB ${printIdentifier(statement.name)} VERSION ${printString(statement.version)} AS ${printQuery(statement.query)}`,
        printTail(statement.emit, statement.properties),
        strategy,
      );
    }
    case 'show':
      if (statement.name !== null) return `SHOW ${statement.what} ${printIdentifier(statement.name)}`;
      return joinParts(`SHOW ${statement.what}`, statement.like === null ? '' : `LIKE ${printString(statement.like)}`);
    case 'describe':
      return `DESCRIBE ${printIdentifier(statement.name)}`;
    case 'explain':
      return `EXPLAIN ${printStatementBody(statement.statement)}`;
    case 'drop':
      return `DROP ${statement.kind} ${statement.ifExists ? 'IF EXISTS ' : ''}${printIdentifier(statement.name)}`;
    case 'job_control':
      return `${statement.action} JOB ${printIdentifier(statement.name)}`;
  }
}

function printColumnDefs(columns: readonly ColumnDef[]): string {
  const defs = columns.map(
    (column) =>
      `${printIdentifier(column.name)} ${printDataType(column.dataType)}${column.notNull ? ' NOT NULL' : ''}${column.primaryKey ? ' PRIMARY KEY' : ''}`,
  );
  return `(${defs.join(', ')})`;
}

function printTail(emit: EmitMode | null, properties: readonly Property[]): string {
  return joinParts(emit === null ? '' : `EMIT ${emit}`, printProperties(properties));
}

function joinParts(...parts: string[]): string {
  return parts.filter((part) => part !== '').join(' ');
}
