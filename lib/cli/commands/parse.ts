import { resolve } from 'node:path';
import type { Command } from 'commander';
import { parseSql } from '../../sql/parser.js';
import { substituteVariables } from '../../sql/substitute.js';
import { readSqlFile, reportError, setOption, variableLookup } from '../sqlFile.js';

/** `ferris parse APP.sql`: prints the AST as JSON, one element per statement. */
export function registerParseCommand(program: Command): void {
  const command = program
    .command('parse')
    .description('print the AST of a SQL file as JSON (one element per statement)')
    .argument('<app.sql>', 'the SQL application');
  setOption(command).action((file: string, options: { set: string[] }) => {
      const text = readSqlFile(resolve(file));
      try {
        const statements = parseSql(substituteVariables(text, variableLookup(options.set)), { file });
        process.stdout.write(JSON.stringify(statements, null, 2) + '\n');
      } catch (error) {
        reportError(error, text, file);
        process.exitCode = 1;
      }
    });
}
