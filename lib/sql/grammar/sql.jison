/*
 * Grammar of FerrisStreams SQL (jison, LALR(1)); the lexer is sql.jisonlex.
 *
 * Actions build the plain-data AST of lib/sql/ast.ts. Anything that needs checking or
 * converting (identifiers, strings, intervals, data types, WINDOW clauses, the EMIT/WITH
 * that a writing statement takes from its query) goes through `yy.h`, the typed helpers of
 * lib/sql/grammarHelpers.ts. `yy.h.loc(@$)` turns a jison location into a SourceLocation.
 *
 * Expressions are layered so that standard precedence falls out of the grammar:
 *   expr      OR < AND < NOT
 *   predicate comparison, IS, IN, BETWEEN, LIKE, IS DISTINCT FROM, quantified (non-associative)
 *   arith     || < + - < * / % < unary + -
 *   postfix   :: [] .
 *   primary   literals, names, calls, CASE, CAST, EXTRACT, subqueries, ( expr )
 */

%start program

%left OR
%left AND
%right NOT
%left '||'
%left '+' '-'
%left '*' '/' '%'
%right UMINUS
%nonassoc NAME_ONLY
%left '::' '[' '.'

%%

program
    : statement_list EOF                       { return $1; }
    | EXPRESSION_START expr EOF                { return $2; }
    ;

statement_list
    : optional_statement                       { $$ = $1 ? [$1] : []; }
    | statement_list ';' optional_statement    { if ($3) $1.push($3); $$ = $1; }
    ;

optional_statement
    : /* empty */                              { $$ = null; }
    | statement                                { $$ = $1; }
    ;

/* ─────────────────────────────────────────────────────────────────────────── statements */

statement
    : query
        { $$ = { type: 'query', query: $1, annotations: [], loc: yy.h.loc(@$) }; }
    | query INTO ident emit_opt with_properties_opt
        { $$ = yy.h.writingStatement({ type: 'select_into', target: $3 }, $1, $4, $5, @$); }
    | CREATE relation_kind ident column_defs_opt with_properties_opt
        { $$ = { type: 'create_source', kind: $2, name: $3, columns: $4 || [], properties: $5, annotations: [], loc: yy.h.loc(@$) }; }
    | CREATE relation_kind ident column_defs_opt AS query
        { $$ = yy.h.writingStatement({ type: 'create_as_select', kind: $2, name: $3, columns: $4 }, $6, null, [], @$); }
    | INSERT INTO ident query
        { $$ = yy.h.writingStatement({ type: 'insert_into', target: $3 }, $4, null, [], @$); }
    | DEPLOY JOB ident VERSION STRING AS query
        { $$ = yy.h.writingStatement({ type: 'deploy_job', name: $3, version: yy.h.unquote($5), strategy: null }, $7, null, [], @$); }
    | DEPLOY JOB ident VERSION STRING AS query deploy_strategy
        { $$ = yy.h.writingStatement({ type: 'deploy_job', name: $3, version: yy.h.unquote($5), strategy: $8 }, $7, null, [], @$); }
    | SHOW show_listing
        { $$ = { type: 'show', what: $2, name: null, like: null, annotations: [], loc: yy.h.loc(@$) }; }
    | SHOW show_listing LIKE STRING
        { $$ = { type: 'show', what: $2, name: null, like: yy.h.unquote($4), annotations: [], loc: yy.h.loc(@$) }; }
    | SHOW SCHEMA ident
        { $$ = { type: 'show', what: 'SCHEMA', name: $3, like: null, annotations: [], loc: yy.h.loc(@$) }; }
    | SHOW PROPERTIES ident
        { $$ = { type: 'show', what: 'PROPERTIES', name: $3, like: null, annotations: [], loc: yy.h.loc(@$) }; }
    | DESCRIBE ident
        { $$ = { type: 'describe', name: $2, annotations: [], loc: yy.h.loc(@$) }; }
    | EXPLAIN statement
        { $$ = { type: 'explain', statement: $2, annotations: [], loc: yy.h.loc(@$) }; }
    | DROP relation_kind ident
        { $$ = { type: 'drop', kind: $2, name: $3, ifExists: false, annotations: [], loc: yy.h.loc(@$) }; }
    | DROP relation_kind IF EXISTS ident
        { $$ = { type: 'drop', kind: $2, name: $5, ifExists: true, annotations: [], loc: yy.h.loc(@$) }; }
    | job_action JOB ident
        { $$ = { type: 'job_control', action: $1, name: $3, annotations: [], loc: yy.h.loc(@$) }; }
    ;

relation_kind
    : STREAM                                   { $$ = 'STREAM'; }
    | TABLE                                    { $$ = 'TABLE'; }
    ;

show_listing
    : STREAMS                                  { $$ = 'STREAMS'; }
    | TABLES                                   { $$ = 'TABLES'; }
    | JOBS                                     { $$ = 'JOBS'; }
    | QUERIES                                  { $$ = 'QUERIES'; }
    | FUNCTIONS                                { $$ = 'FUNCTIONS'; }
    | TOPICS                                   { $$ = 'TOPICS'; }
    ;

job_action
    : START                                    { $$ = 'START'; }
    | STOP                                     { $$ = 'STOP'; }
    | PAUSE                                    { $$ = 'PAUSE'; }
    | RESUME                                   { $$ = 'RESUME'; }
    ;

deploy_strategy
    : STRATEGY ident                           { $$ = yy.h.deployStrategy($2, null, @$); }
    | STRATEGY ident '(' NUMBER ')'            { $$ = yy.h.deployStrategy($2, $4, @$); }
    ;

column_defs_opt
    : /* empty */                              { $$ = null; }
    | '(' column_def_list ')'                  { $$ = $2; }
    ;

column_def_list
    : column_def                               { $$ = [$1]; }
    | column_def_list ',' column_def           { $1.push($3); $$ = $1; }
    ;

column_def
    : ident data_type
        { $$ = { type: 'column_def', name: $1, dataType: $2, notNull: false, primaryKey: false, loc: yy.h.loc(@$) }; }
    | ident data_type NOT NULL
        { $$ = { type: 'column_def', name: $1, dataType: $2, notNull: true, primaryKey: false, loc: yy.h.loc(@$) }; }
    | ident data_type PRIMARY KEY
        { $$ = { type: 'column_def', name: $1, dataType: $2, notNull: false, primaryKey: true, loc: yy.h.loc(@$) }; }
    | ident data_type NOT NULL PRIMARY KEY
        { $$ = { type: 'column_def', name: $1, dataType: $2, notNull: true, primaryKey: true, loc: yy.h.loc(@$) }; }
    ;

with_properties_opt
    : /* empty */                              { $$ = []; }
    | WITH '(' property_list ')'               { $$ = $3; }
    ;

property_list
    : property                                 { $$ = [$1]; }
    | property_list ',' property               { $1.push($3); $$ = $1; }
    ;

property
    : property_key '=' STRING                  { $$ = yy.h.property($1, 'string', yy.h.unquote($3), @$); }
    | property_key '=' NUMBER                  { $$ = yy.h.property($1, 'number', $3, @$); }
    | property_key '=' '-' NUMBER              { $$ = yy.h.property($1, 'number', '-' + $4, @$); }
    | property_key '=' TRUE                    { $$ = yy.h.property($1, 'boolean', 'true', @$); }
    | property_key '=' FALSE                   { $$ = yy.h.property($1, 'boolean', 'false', @$); }
    ;

property_key
    : STRING                                   { $$ = yy.h.unquote($1); }
    | property_path                            { $$ = $1; }
    ;

property_path
    : ident                                    { $$ = $1.text; }
    | property_path '.' ident                  { $$ = $1 + '.' + $3.text; }
    ;

/* ───────────────────────────────────────────────────────────────────────────── queries */

query
    : set_query                                { $$ = $1; }
    | WITH cte_list set_query                  { $$ = { type: 'with', ctes: $2, body: $3, loc: yy.h.loc(@$) }; }
    ;

cte_list
    : cte                                      { $$ = [$1]; }
    | cte_list ',' cte                         { $1.push($3); $$ = $1; }
    ;

cte
    : ident AS '(' query ')'                   { $$ = { type: 'cte', name: $1, query: $4, loc: yy.h.loc(@$) }; }
    ;

set_query
    : select                                   { $$ = $1; }
    | set_query UNION select                   { $$ = { type: 'union', all: false, left: $1, right: $3, loc: yy.h.loc(@$) }; }
    | set_query UNION ALL select               { $$ = { type: 'union', all: true, left: $1, right: $4, loc: yy.h.loc(@$) }; }
    ;

select
    : SELECT distinct_opt select_list from_opt where_opt group_by_opt window_clause_opt having_opt order_by_opt limit_opt emit_opt with_properties_opt
        { $$ = { type: 'select', distinct: $2, items: $3, from: $4.from, joins: $4.joins, where: $5,
                 groupBy: $6, window: $7, having: $8, orderBy: $9, limit: $10, emit: $11,
                 properties: $12, loc: yy.h.loc(@$) }; }
    ;

distinct_opt
    : /* empty */                              { $$ = false; }
    | DISTINCT                                 { $$ = true; }
    ;

select_list
    : select_item                              { $$ = [$1]; }
    | select_list ',' select_item              { $1.push($3); $$ = $1; }
    ;

select_item
    : '*'
        { $$ = { type: 'star', table: null, loc: yy.h.loc(@$) }; }
    | ident '.' '*'
        { $$ = { type: 'star', table: $1, loc: yy.h.loc(@$) }; }
    | expr
        { $$ = { type: 'expr_item', expr: $1, alias: null, primaryKey: false, loc: yy.h.loc(@$) }; }
    | expr alias
        { $$ = { type: 'expr_item', expr: $1, alias: $2, primaryKey: false, loc: yy.h.loc(@$) }; }
    | expr PRIMARY KEY
        { $$ = { type: 'expr_item', expr: $1, alias: null, primaryKey: true, loc: yy.h.loc(@$) }; }
    | expr alias PRIMARY KEY
        { $$ = { type: 'expr_item', expr: $1, alias: $2, primaryKey: true, loc: yy.h.loc(@$) }; }
    ;

alias
    : AS ident                                 { $$ = $2; }
    | bare_alias                               { $$ = $1; }
    ;

from_opt
    : /* empty */                              { $$ = { from: null, joins: [] }; }
    | FROM from_item join_list                 { $$ = { from: $2, joins: $3 }; }
    ;

from_item
    : ident
        { $$ = { type: 'table_ref', name: $1, alias: null, loc: yy.h.loc(@$) }; }
    | ident alias
        { $$ = { type: 'table_ref', name: $1, alias: $2, loc: yy.h.loc(@$) }; }
    | STRING
        { $$ = { type: 'uri_ref', uri: yy.h.unquote($1), alias: null, loc: yy.h.loc(@$) }; }
    | STRING alias
        { $$ = { type: 'uri_ref', uri: yy.h.unquote($1), alias: $2, loc: yy.h.loc(@$) }; }
    | '(' query ')' alias
        { $$ = { type: 'subquery_ref', query: $2, alias: $4, loc: yy.h.loc(@$) }; }
    ;

join_list
    : /* empty */                              { $$ = []; }
    | join_list join                           { $1.push($2); $$ = $1; }
    ;

join
    : join_kind from_item ON expr
        { $$ = { type: 'join', kind: $1, right: $2, on: $4, within: null, loc: yy.h.loc(@$) }; }
    | join_kind from_item ON expr WITHIN duration
        { $$ = { type: 'join', kind: $1, right: $2, on: $4, within: $6, loc: yy.h.loc(@$) }; }
    ;

/* The join kind with its JOIN keyword (never empty, so a join's location starts at its first word). */
join_kind
    : JOIN                                     { $$ = 'INNER'; }
    | INNER JOIN                               { $$ = 'INNER'; }
    | LEFT JOIN                                { $$ = 'LEFT'; }
    | LEFT OUTER JOIN                          { $$ = 'LEFT'; }
    | RIGHT JOIN                               { $$ = 'RIGHT'; }
    | RIGHT OUTER JOIN                         { $$ = 'RIGHT'; }
    | FULL JOIN                                { $$ = 'FULL'; }
    | FULL OUTER JOIN                          { $$ = 'FULL'; }
    ;

where_opt
    : /* empty */                              { $$ = null; }
    | WHERE expr                               { $$ = $2; }
    ;

group_by_opt
    : /* empty */                              { $$ = []; }
    | GROUP BY expr_list                       { $$ = $3; }
    ;

window_clause_opt
    : /* empty */                              { $$ = null; }
    | WINDOW window_kind '(' expr_list ')'     { $$ = yy.h.windowClause($2, $4, @$); }
    ;

window_kind
    : TUMBLING                                 { $$ = 'TUMBLING'; }
    | SLIDING                                  { $$ = 'SLIDING'; }
    | SESSION                                  { $$ = 'SESSION'; }
    ;

having_opt
    : /* empty */                              { $$ = null; }
    | HAVING expr                              { $$ = $2; }
    ;

order_by_opt
    : /* empty */                              { $$ = []; }
    | ORDER BY order_list                      { $$ = $3; }
    ;

order_list
    : order_item                               { $$ = [$1]; }
    | order_list ',' order_item                { $1.push($3); $$ = $1; }
    ;

order_item
    : expr direction nulls_order
        { $$ = { type: 'order_by_item', expr: $1, direction: $2, nulls: $3, loc: yy.h.loc(@$) }; }
    ;

direction
    : /* empty */                              { $$ = 'ASC'; }
    | ASC                                      { $$ = 'ASC'; }
    | DESC                                     { $$ = 'DESC'; }
    ;

nulls_order
    : /* empty */                              { $$ = null; }
    | NULLS FIRST                              { $$ = 'FIRST'; }
    | NULLS LAST                               { $$ = 'LAST'; }
    ;

limit_opt
    : /* empty */                              { $$ = null; }
    | LIMIT NUMBER                             { $$ = { type: 'number', text: $2, loc: yy.h.loc(@2) }; }
    ;

emit_opt
    : /* empty */                              { $$ = null; }
    | EMIT CHANGES                             { $$ = 'CHANGES'; }
    | EMIT FINAL                               { $$ = 'FINAL'; }
    ;

/* ───────────────────────────────────────────────────────────────────────── expressions */

expr
    : expr OR expr
        { $$ = { type: 'binary', op: 'OR', left: $1, right: $3, loc: yy.h.loc(@$) }; }
    | expr AND expr
        { $$ = { type: 'binary', op: 'AND', left: $1, right: $3, loc: yy.h.loc(@$) }; }
    | NOT expr
        { $$ = yy.h.not($2, @$); }
    | predicate
        { $$ = $1; }
    ;

predicate
    : arith
        { $$ = $1; }
    | arith comparison_op arith
        { $$ = { type: 'binary', op: $2, left: $1, right: $3, loc: yy.h.loc(@$) }; }
    | arith comparison_op quantifier '(' query ')'
        { $$ = { type: 'quantified', left: $1, op: $2, quantifier: $3, query: $5, loc: yy.h.loc(@$) }; }
    | arith IS NULL
        { $$ = { type: 'is', expr: $1, negated: false, what: 'NULL', loc: yy.h.loc(@$) }; }
    | arith IS NOT NULL
        { $$ = { type: 'is', expr: $1, negated: true, what: 'NULL', loc: yy.h.loc(@$) }; }
    | arith IS TRUE
        { $$ = { type: 'is', expr: $1, negated: false, what: 'TRUE', loc: yy.h.loc(@$) }; }
    | arith IS NOT TRUE
        { $$ = { type: 'is', expr: $1, negated: true, what: 'TRUE', loc: yy.h.loc(@$) }; }
    | arith IS FALSE
        { $$ = { type: 'is', expr: $1, negated: false, what: 'FALSE', loc: yy.h.loc(@$) }; }
    | arith IS NOT FALSE
        { $$ = { type: 'is', expr: $1, negated: true, what: 'FALSE', loc: yy.h.loc(@$) }; }
    | arith IS DISTINCT FROM arith
        { $$ = { type: 'is_distinct_from', left: $1, right: $5, negated: false, loc: yy.h.loc(@$) }; }
    | arith IS NOT DISTINCT FROM arith
        { $$ = { type: 'is_distinct_from', left: $1, right: $6, negated: true, loc: yy.h.loc(@$) }; }
    | arith IN '(' query ')'
        { $$ = { type: 'in_subquery', expr: $1, query: $4, negated: false, loc: yy.h.loc(@$) }; }
    | arith NOT IN '(' query ')'
        { $$ = { type: 'in_subquery', expr: $1, query: $5, negated: true, loc: yy.h.loc(@$) }; }
    | arith IN '(' expr_list ')'
        { $$ = { type: 'in_list', expr: $1, list: $4, negated: false, loc: yy.h.loc(@$) }; }
    | arith NOT IN '(' expr_list ')'
        { $$ = { type: 'in_list', expr: $1, list: $5, negated: true, loc: yy.h.loc(@$) }; }
    | arith BETWEEN arith AND arith
        { $$ = { type: 'between', expr: $1, low: $3, high: $5, negated: false, loc: yy.h.loc(@$) }; }
    | arith NOT BETWEEN arith AND arith
        { $$ = { type: 'between', expr: $1, low: $4, high: $6, negated: true, loc: yy.h.loc(@$) }; }
    | arith like_op arith
        { $$ = { type: 'like', expr: $1, pattern: $3, negated: $2.negated, caseInsensitive: $2.caseInsensitive, escape: null, loc: yy.h.loc(@$) }; }
    | arith like_op arith ESCAPE arith
        { $$ = { type: 'like', expr: $1, pattern: $3, negated: $2.negated, caseInsensitive: $2.caseInsensitive, escape: $5, loc: yy.h.loc(@$) }; }
    ;

comparison_op
    : '='  { $$ = '='; }
    | '<>' { $$ = '<>'; }
    | '!=' { $$ = '!='; }
    | '<'  { $$ = '<'; }
    | '<=' { $$ = '<='; }
    | '>'  { $$ = '>'; }
    | '>=' { $$ = '>='; }
    ;

quantifier
    : ANY  { $$ = 'ANY'; }
    | ALL  { $$ = 'ALL'; }
    | SOME { $$ = 'SOME'; }
    ;

like_op
    : LIKE           { $$ = { negated: false, caseInsensitive: false }; }
    | NOT LIKE       { $$ = { negated: true, caseInsensitive: false }; }
    | ILIKE          { $$ = { negated: false, caseInsensitive: true }; }
    | NOT ILIKE      { $$ = { negated: true, caseInsensitive: true }; }
    ;

arith
    : arith '||' arith
        { $$ = { type: 'binary', op: '||', left: $1, right: $3, loc: yy.h.loc(@$) }; }
    | arith '+' arith
        { $$ = { type: 'binary', op: '+', left: $1, right: $3, loc: yy.h.loc(@$) }; }
    | arith '-' arith
        { $$ = { type: 'binary', op: '-', left: $1, right: $3, loc: yy.h.loc(@$) }; }
    | arith '*' arith
        { $$ = { type: 'binary', op: '*', left: $1, right: $3, loc: yy.h.loc(@$) }; }
    | arith '/' arith
        { $$ = { type: 'binary', op: '/', left: $1, right: $3, loc: yy.h.loc(@$) }; }
    | arith '%' arith
        { $$ = { type: 'binary', op: '%', left: $1, right: $3, loc: yy.h.loc(@$) }; }
    | '-' arith %prec UMINUS
        { $$ = { type: 'unary', op: '-', operand: $2, loc: yy.h.loc(@$) }; }
    | '+' arith %prec UMINUS
        { $$ = { type: 'unary', op: '+', operand: $2, loc: yy.h.loc(@$) }; }
    | postfix
        { $$ = $1; }
    ;

postfix
    : primary
        { $$ = $1; }
    | postfix '::' data_type
        { $$ = { type: 'cast', expr: $1, dataType: $3, syntax: '::', loc: yy.h.loc(@$) }; }
    | postfix '[' expr ']'
        { $$ = { type: 'index', expr: $1, index: $3, loc: yy.h.loc(@$) }; }
    | postfix '.' ident
        { $$ = { type: 'field_access', expr: $1, field: $3, loc: yy.h.loc(@$) }; }
    ;

primary
    : column_ref
        { $$ = $1; }
    | NUMBER
        { $$ = { type: 'number', text: $1, loc: yy.h.loc(@$) }; }
    | STRING
        { $$ = { type: 'string', value: yy.h.unquote($1), loc: yy.h.loc(@$) }; }
    | TRUE
        { $$ = { type: 'boolean', value: true, loc: yy.h.loc(@$) }; }
    | FALSE
        { $$ = { type: 'boolean', value: false, loc: yy.h.loc(@$) }; }
    | NULL
        { $$ = { type: 'null', loc: yy.h.loc(@$) }; }
    | duration
        { $$ = $1; }
    | TIMESTAMP STRING
        { $$ = { type: 'typed_literal', dataType: 'TIMESTAMP', value: yy.h.unquote($2), loc: yy.h.loc(@$) }; }
    | DATE STRING
        { $$ = { type: 'typed_literal', dataType: 'DATE', value: yy.h.unquote($2), loc: yy.h.loc(@$) }; }
    | '(' expr ')'
        { $$ = $2; }
    | '(' query ')'
        { $$ = { type: 'scalar_subquery', query: $2, loc: yy.h.loc(@$) }; }
    | EXISTS '(' query ')'
        { $$ = { type: 'exists', query: $3, negated: false, loc: yy.h.loc(@$) }; }
    | case_expr
        { $$ = $1; }
    | CAST '(' expr AS data_type ')'
        { $$ = { type: 'cast', expr: $3, dataType: $5, syntax: 'cast', loc: yy.h.loc(@$) }; }
    | EXTRACT '(' ident FROM expr ')'
        { $$ = { type: 'extract', part: yy.h.extractPart($3.text, @3), from: $5, loc: yy.h.loc(@$) }; }
    | EXTRACT '(' STRING ',' expr ')'
        { $$ = { type: 'extract', part: yy.h.extractPart(yy.h.unquote($3), @3), from: $5, loc: yy.h.loc(@$) }; }
    | function_call
        { $$ = $1; }
    ;

column_ref
    : ident %prec NAME_ONLY                    { $$ = yy.h.column(null, $1, @$); }
    | ident '.' ident                          { $$ = yy.h.column($1, $3, @$); }
    ;

duration
    : INTERVAL STRING TIME_UNIT                { $$ = yy.h.interval(yy.h.unquote($2), $3, @$); }
    | INTERVAL NUMBER TIME_UNIT                { $$ = yy.h.interval($2, $3, @$); }
    | INTERVAL STRING                          { $$ = yy.h.intervalText(yy.h.unquote($2), @$); }
    | DURATION                                 { $$ = yy.h.shorthandDuration($1, @$); }
    ;

case_expr
    : CASE when_list END
        { $$ = { type: 'case', operand: null, whens: $2, else: null, loc: yy.h.loc(@$) }; }
    | CASE when_list ELSE expr END
        { $$ = { type: 'case', operand: null, whens: $2, else: $4, loc: yy.h.loc(@$) }; }
    | CASE expr when_list END
        { $$ = { type: 'case', operand: $2, whens: $3, else: null, loc: yy.h.loc(@$) }; }
    | CASE expr when_list ELSE expr END
        { $$ = { type: 'case', operand: $2, whens: $3, else: $5, loc: yy.h.loc(@$) }; }
    ;

when_list
    : when_clause                              { $$ = [$1]; }
    | when_list when_clause                    { $1.push($2); $$ = $1; }
    ;

when_clause
    : WHEN expr THEN expr                      { $$ = { type: 'case_when', when: $2, then: $4, loc: yy.h.loc(@$) }; }
    ;

function_call
    : call_head                                { $$ = yy.h.call($1, null, null, @$); }
    | call_head WITHIN_GROUP '(' ORDER BY order_list ')'
                                               { $$ = yy.h.call($1, $6, null, @$); }
    | call_head OVER '(' window_spec ')'       { $$ = yy.h.call($1, null, $4, @$); }
    | call_head WITHIN_GROUP '(' ORDER BY order_list ')' OVER '(' window_spec ')'
                                               { $$ = yy.h.call($1, $6, $10, @$); }
    ;

call_head
    : ident '(' ')'                            { $$ = { name: $1, args: [], distinct: false, star: false }; }
    | ident '(' '*' ')'                        { $$ = { name: $1, args: [], distinct: false, star: true }; }
    | ident '(' expr_list ')'                  { $$ = { name: $1, args: $3, distinct: false, star: false }; }
    | ident '(' DISTINCT expr_list ')'         { $$ = { name: $1, args: $4, distinct: true, star: false }; }
    ;

expr_list
    : expr                                     { $$ = [$1]; }
    | expr_list ',' expr                       { $1.push($3); $$ = $1; }
    ;

/* ──────────────────────────────────────────────────────────────────────── OVER (...) */

window_spec
    : partition_opt order_by_opt frame_opt
        { $$ = { type: 'window_spec', bufferRows: null, partitionBy: $1, orderBy: $2, frame: $3,
                 bufferEmit: null, expire: null, loc: yy.h.loc(@$) }; }
    | ROWS_WINDOW_BUFFER NUMBER ROWS partition_opt order_by_opt frame_opt buffer_emit_opt expire_opt
        { $$ = { type: 'window_spec', bufferRows: { type: 'number', text: $2, loc: yy.h.loc(@2) },
                 partitionBy: $4, orderBy: $5, frame: $6, bufferEmit: $7, expire: $8, loc: yy.h.loc(@$) }; }
    ;

partition_opt
    : /* empty */                              { $$ = []; }
    | PARTITION BY expr_list                   { $$ = $3; }
    ;

frame_opt
    : /* empty */                              { $$ = null; }
    | frame_units frame_bound
        { $$ = { type: 'window_frame', units: $1, start: $2, end: null, loc: yy.h.loc(@$) }; }
    | frame_units BETWEEN frame_bound AND frame_bound
        { $$ = { type: 'window_frame', units: $1, start: $3, end: $5, loc: yy.h.loc(@$) }; }
    ;

frame_units
    : ROWS                                     { $$ = 'ROWS'; }
    | RANGE                                    { $$ = 'RANGE'; }
    ;

frame_bound
    : UNBOUNDED PRECEDING    { $$ = { type: 'frame_bound', kind: 'UNBOUNDED_PRECEDING', offset: null, loc: yy.h.loc(@$) }; }
    | UNBOUNDED FOLLOWING    { $$ = { type: 'frame_bound', kind: 'UNBOUNDED_FOLLOWING', offset: null, loc: yy.h.loc(@$) }; }
    | CURRENT ROW            { $$ = { type: 'frame_bound', kind: 'CURRENT_ROW', offset: null, loc: yy.h.loc(@$) }; }
    | frame_offset PRECEDING { $$ = { type: 'frame_bound', kind: 'PRECEDING', offset: $1, loc: yy.h.loc(@$) }; }
    | frame_offset FOLLOWING { $$ = { type: 'frame_bound', kind: 'FOLLOWING', offset: $1, loc: yy.h.loc(@$) }; }
    ;

frame_offset
    : NUMBER                                   { $$ = { type: 'number', text: $1, loc: yy.h.loc(@$) }; }
    | duration                                 { $$ = $1; }
    ;

buffer_emit_opt
    : /* empty */                              { $$ = null; }
    | EMIT EVERY RECORD                        { $$ = 'EVERY_RECORD'; }
    | EMIT ON BUFFER FULL                      { $$ = 'ON_BUFFER_FULL'; }
    ;

expire_opt
    : /* empty */                              { $$ = null; }
    | EXPIRE AFTER NEVER                       { $$ = { type: 'rows_expiry', inactivity: null, loc: yy.h.loc(@$) }; }
    | EXPIRE AFTER duration                    { $$ = { type: 'rows_expiry', inactivity: $3, loc: yy.h.loc(@$) }; }
    | EXPIRE AFTER duration INACTIVITY         { $$ = { type: 'rows_expiry', inactivity: $3, loc: yy.h.loc(@$) }; }
    ;

/* ───────────────────────────────────────────────────────────────────────── data types */

data_type
    : type_word
        { $$ = yy.h.scalarType($1, [], @$); }
    | type_word '(' type_params ')'
        { $$ = yy.h.scalarType($1, $3, @$); }
    | ARRAY '<' data_type '>'
        { $$ = { type: 'data_type', name: 'ARRAY', element: $3, loc: yy.h.loc(@$) }; }
    | MAP '<' data_type ',' data_type '>'
        { $$ = { type: 'data_type', name: 'MAP', key: $3, value: $5, loc: yy.h.loc(@$) }; }
    | STRUCT '<' struct_fields '>'
        { $$ = { type: 'data_type', name: 'STRUCT', fields: $3, loc: yy.h.loc(@$) }; }
    ;

type_word
    : IDENT                                    { $$ = { text: $1, loc: @1 }; }
    | TIMESTAMP                                { $$ = { text: $1, loc: @1 }; }
    | DATE                                     { $$ = { text: $1, loc: @1 }; }
    | INTERVAL                                 { $$ = { text: $1, loc: @1 }; }
    ;

type_params
    : NUMBER                                   { $$ = [$1]; }
    | type_params ',' NUMBER                   { $1.push($3); $$ = $1; }
    ;

struct_fields
    : struct_field                             { $$ = [$1]; }
    | struct_fields ',' struct_field           { $1.push($3); $$ = $1; }
    ;

struct_field
    : ident data_type                          { $$ = { type: 'struct_field', name: $1, dataType: $2, loc: yy.h.loc(@$) }; }
    ;

/* ──────────────────────────────────────────────────────────────────────────── names */

ident
    : IDENT                                    { $$ = yy.h.ident($1, @$); }
    | QUOTED_IDENT                             { $$ = yy.h.quotedIdent($1, @$); }
    | TIME_UNIT                                { $$ = yy.h.ident($1, @$); }
    | nonreserved_keyword                      { $$ = yy.h.ident($1, @$); }
    ;

/* Names allowed as an alias without AS: never a word that can follow a select item or a
   FROM item (LEFT, WINDOW, STRATEGY, ...) nor a time unit (INTERVAL '5 seconds' hour). */
bare_alias
    : IDENT                                    { $$ = yy.h.ident($1, @$); }
    | QUOTED_IDENT                             { $$ = yy.h.quotedIdent($1, @$); }
    | safe_alias_keyword                       { $$ = yy.h.ident($1, @$); }
    ;

safe_alias_keyword
    : DATE | KEY | FIRST | LAST | ROW | RECORD | STREAM | TABLE | JOB | VERSION | SCHEMA
    | STREAMS | TABLES | JOBS | QUERIES | FUNCTIONS | TOPICS | PROPERTIES | CHANGES | FINAL
    | START | STOP | PAUSE | RESUME | BUFFER | EVERY | NEVER | INACTIVITY | EXPIRE | AFTER
    ;

nonreserved_keyword
    : AFTER | ARRAY | ASC | BUFFER | CHANGES | CURRENT | DATE | DESC | EVERY | EXPIRE | FINAL
    | FIRST | FOLLOWING | FULL | FUNCTIONS | IF | INACTIVITY | JOB | JOBS | KEY | LAST | LEFT
    | MAP | NEVER | NULLS | PARTITION | PAUSE | PRECEDING | PROPERTIES | QUERIES | RANGE
    | RECORD | RESUME | RIGHT | ROW | ROWS | SCHEMA | SESSION | SLIDING | START | STOP
    | STRATEGY | STREAM | STREAMS | STRUCT | TABLE | TABLES | TIMESTAMP | TOPICS | TUMBLING
    | UNBOUNDED | VERSION | WINDOW
    ;
