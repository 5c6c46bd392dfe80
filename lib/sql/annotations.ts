/**
 * `-- @key: value` comment annotations: recognised while lexing, then attached to the statement
 * they precede (everything between the end of the previous statement and the start of this one).
 */
import type { Annotation, Statement } from './ast.js';
import { FerrisError } from '../types/errors.js';
import { toSourceLocation, type JisonLocation } from './location.js';

const ANNOTATION_PATTERN = /^--\s*@([A-Za-z_][\w.-]*)\s*:?\s*(.*)$/;

/** The annotation a `--` comment holds, or undefined for an ordinary comment. */
export function annotationOfComment(comment: string, position: JisonLocation): Annotation | undefined {
  const match = ANNOTATION_PATTERN.exec(comment.trimEnd());
  if (!match) return undefined;
  return { type: 'annotation', key: match[1] ?? '', value: (match[2] ?? '').trim(), loc: toSourceLocation(position) };
}

/**
 * Gives each statement the annotations written before it. An annotation inside a statement or
 * after the last one belongs to nothing and is an error rather than being dropped.
 */
export function attachAnnotations(
  statements: readonly Statement[],
  annotations: readonly Annotation[],
  file: string | undefined,
): Statement[] {
  let next = 0;
  const attached = statements.map((statement) => {
    const start = statement.loc.offset ?? 0;
    const own: Annotation[] = [];
    while (next < annotations.length && offsetOf(annotations[next]) < start) {
      const annotation = annotations[next++];
      if (annotation) own.push(annotation);
    }
    const end = statement.loc.endOffset ?? start;
    const inside = annotations[next];
    if (inside && offsetOf(inside) < end) throw misplaced(inside, file);
    return own.length === 0 ? statement : { ...statement, annotations: own };
  });
  const trailing = annotations[next];
  if (trailing) throw misplaced(trailing, file);
  return attached;
}

function offsetOf(annotation: Annotation | undefined): number {
  return annotation?.loc.offset ?? 0;
}

function misplaced(annotation: Annotation, file: string | undefined): FerrisError {
  return new FerrisError('SQL_SYNTAX', `annotation @${annotation.key} at ${annotation.loc.line}:${annotation.loc.column} must be placed on its own line before a statement`, {
    location: annotation.loc,
    ...(file === undefined ? {} : { file }),
  });
}
