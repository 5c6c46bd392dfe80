/*
 * Lexer of FerrisStreams SQL (jison-lex). Words are looked up in the keyword table of
 * lib/sql/keywords.ts through `yy.keywordToken`; comments are skipped, `-- @key: value`
 * lines are handed to `yy.noteComment` so annotations can be attached to statements.
 * Two-word tokens (WITHIN GROUP, ROWS WINDOW BUFFER) are lexed as one token so the grammar
 * stays LALR(1) while WITHIN and ROWS keep their other meanings.
 * The first matching rule wins, so the frequent rules (whitespace, words) come early and the
 * two-word tokens come before the word rule. A number may not be followed by a letter, a
 * digit or a point: otherwise the expression engine would settle for a shorter number
 * (`123x` read as 12 and then `3x`), and the error would point into the middle of it.
 */

/* Letters of names: ASCII, Latin-1 and beyond, leaving out the symbol blocks (×, ÷, general
   punctuation such as curly quotes, arrows, mathematical operators, box drawing). */
LETTER    [A-Za-z_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u1FFF\u2C00-\uFFFF]
/* The letters and the digits, in one class. A loop over an alternation such as
   ({LETTER}|[0-9])* or ("''"|[^'])* makes the regular expression engine keep a backtracking
   entry per character, which overflows on a name or string of millions of characters; so
   every repeated part below is one character class, or a non-capturing group that starts
   with a fixed text (the doubled quote of strings and quoted names). */
NAME_CHAR [A-Za-z0-9_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u1FFF\u2C00-\uFFFF]

%options case-insensitive ranges

%%

\s+                                           /* whitespace */
"--"[^\n]*                                    { yy.noteComment(yytext, yylloc); }
"/*"[\s\S]*?"*/"                              /* block comment */
"/*"                                          return 'UNTERMINATED_COMMENT';
"within"\s+"group"(?![A-Za-z0-9_])            return 'WITHIN_GROUP';
"rows"\s+"window"\s+"buffer"(?![A-Za-z0-9_])  return 'ROWS_WINDOW_BUFFER';
{LETTER}{NAME_CHAR}*                          return yy.keywordToken(yytext);
[0-9]+("ms"|"s"|"m"|"h"|"d")(?![A-Za-z0-9_])  return 'DURATION';
([0-9]+"."[0-9]*|"."[0-9]+|[0-9]+)([eE][+-]?[0-9]+)?(?![A-Za-z0-9_.]) return 'NUMBER';
[0-9][0-9.]*[A-Za-z_][A-Za-z0-9_]*            return 'BAD_NUMBER';
"'"[^']*(?:"''"[^']*)*"'"                      return 'STRING';
"'"                                           return 'UNTERMINATED_STRING';
\"[^"]*(?:\"\"[^"]*)*\"                        return 'QUOTED_IDENT';
"`"[^`]*(?:"``"[^`]*)*"`"                      return 'QUOTED_IDENT';
\"                                            return 'UNTERMINATED_IDENT';
"`"                                           return 'UNTERMINATED_IDENT';
"::"                                          return '::';
"<="                                          return '<=';
">="                                          return '>=';
"<>"                                          return '<>';
"!="                                          return '!=';
"||"                                          return '||';
"="                                           return '=';
"<"                                           return '<';
">"                                           return '>';
"+"                                           return '+';
"-"                                           return '-';
"*"                                           return '*';
"/"                                           return '/';
"%"                                           return '%';
"("                                           return '(';
")"                                           return ')';
"["                                           return '[';
"]"                                           return ']';
","                                           return ',';
";"                                           return ';';
"."                                           return '.';
<<EOF>>                                       return 'EOF';
.                                             return 'INVALID';
