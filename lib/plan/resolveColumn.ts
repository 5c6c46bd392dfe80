import type { ColumnRef } from '../sql/ast.js';
import { didYouMean } from '../types/didYouMean.js';
import { FerrisError } from '../types/errors.js';
import type { BoundExpr } from './boundExpr.js';
import type { ExprContext } from './bindExpr.js';
import { fieldAccess } from './fieldAccess.js';
import { nameMatches, type ScopeColumn, type ScopeRelation } from './scope.js';

const EVENT_TIME = '_event_time';

/**
 * Resolves a column reference against the scope: `t.col` in relation `t`; `col` in the one
 * relation that has it (ambiguity is an error); an earlier select alias; `_event_time`; or
 * `s.f`, the field `f` of a STRUCT column `s`. Unknown names get a did-you-mean.
 */
export function resolveColumn(ref: ColumnRef, ctx: ExprContext): BoundExpr {
  const text = ref.table ? `${ref.table.text}.${ref.name.text}` : ref.name.text;
  const { relations } = ctx.scope;
  if (ref.table) {
    const relation = relations.find((r) => nameMatches(r.name, ref.table!.text, ref.table!.quoted));
    if (relation) {
      const column = findIn(relation, ref.name.text, ref.name.quoted);
      if (column) return columnExpr(column, text);
      throw unknownColumn(ref, relation.columns.map((c) => c.name), `in ${relation.name}`);
    }
    const structColumn = findUnqualified(ref.table.text, ref.table.quoted, ref, ctx);
    if (structColumn) return fieldAccess(structColumn, ref.name.text, text, ref.loc);
    throw new FerrisError(
      'SQL_BIND',
      `unknown relation or column '${ref.table.text}' in ${ctx.clause}` +
        suggestion(ref.table.text, [...relations.map((r) => r.name), ...allColumnNames(ctx)]),
      { location: ref.table.loc },
    );
  }
  const found = findUnqualified(ref.name.text, ref.name.quoted, ref, ctx);
  if (found) return found;
  throw unknownColumn(ref, allColumnNames(ctx), `in ${ctx.clause}`);
}

function findUnqualified(name: string, quoted: boolean, ref: ColumnRef, ctx: ExprContext): BoundExpr | undefined {
  const matches: { relation: ScopeRelation; column: ScopeColumn }[] = [];
  for (const relation of ctx.scope.relations) {
    const column = findIn(relation, name, quoted);
    if (column) matches.push({ relation, column });
  }
  if (matches.length > 1 && !matches.every((m) => m.column.system)) {
    throw new FerrisError(
      'SQL_BIND',
      `column '${name}' is ambiguous: it is in ${matches.map((m) => m.relation.name).join(' and ')}; qualify it, e.g. ${matches[0]!.relation.name}.${name}`,
      { location: ref.loc },
    );
  }
  if (matches.length > 0) return columnExpr(matches[0]!.column, name);
  const alias = [...ctx.aliases.entries()].find(([aliasName]) => nameMatches(aliasName, name, quoted));
  if (alias) return alias[1];
  if (!quoted && name.toLowerCase() === EVENT_TIME && ctx.scope.eventTime !== undefined) {
    return { ...ctx.scope.eventTime, text: EVENT_TIME };
  }
  return undefined;
}

function findIn(relation: ScopeRelation, name: string, quoted: boolean): ScopeColumn | undefined {
  return relation.columns.find((c) => nameMatches(c.name, name, quoted));
}

function columnExpr(column: ScopeColumn, text: string): BoundExpr {
  return { kind: 'column', index: column.index, type: column.type, text };
}

function allColumnNames(ctx: ExprContext): string[] {
  return [...ctx.scope.relations.flatMap((r) => r.columns.map((c) => c.name)), ...ctx.aliases.keys()];
}

function suggestion(word: string, candidates: readonly string[]): string {
  const best = didYouMean(word, candidates);
  return best ? `; did you mean '${best}'?` : '';
}

function unknownColumn(ref: ColumnRef, candidates: readonly string[], where: string): FerrisError {
  const visible = candidates.filter((c) => !c.startsWith('_'));
  return new FerrisError(
    'SQL_BIND',
    `unknown column '${ref.name.text}' ${where}` +
      (suggestion(ref.name.text, candidates) || (visible.length > 0 ? `; columns: ${visible.join(', ')}` : '')),
    { location: ref.name.loc },
  );
}
