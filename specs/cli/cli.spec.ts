import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The `ferris` command line, run as a user runs it: the built binary in a child process. */
const ferris = join(import.meta.dirname, '../../bin/ferris.js');

function run(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [ferris, ...args], { cwd, encoding: 'utf8', env: { ...process.env, FERRIS_LOG_LEVEL: 'warn' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ferris-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const csv = 'id,amount\n1,10.50\n2,3.25\n';
const declare = "CREATE STREAM pay (id INTEGER, amount DECIMAL(10,2)) WITH ('pay.type' = 'file_source', 'pay.path' = 'in.csv', 'pay.format' = 'csv');\n";

describe('ferris check', () => {
  it('prints APP.sql:LINE:COL, the line and a caret for a bind error, and exits 1', () => {
    const dir = workspace({ 'in.csv': csv, 'app.sql': `${declare}SELECT id,\n       amout FROM pay;\n` });
    const result = run(['check', 'app.sql'], dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("app.sql:3:8: unknown column 'amout' in SELECT; did you mean 'amount'?");
    expect(result.stderr).toContain('       amout FROM pay;\n       ^');
  });

  it('reports a syntax error with its position', () => {
    const dir = workspace({ 'app.sql': 'SELECT id FROM FROM pay;\n' });
    const result = run(['check', 'app.sql'], dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^app\.sql:1:16: /);
  });

  it('names an unknown connector type and lists the valid ones', () => {
    const dir = workspace({ 'app.sql': "CREATE STREAM s (a INTEGER) WITH ('s.type' = 'file_sorce', 's.path' = 'x.csv');\nSELECT a FROM s;\n" });
    const result = run(['check', 'app.sql'], dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("unknown source type 'file_sorce'");
    expect(result.stderr).toContain('file_source');
  });

  it('names a missing input file with --with-data', () => {
    const dir = workspace({ 'app.sql': `${declare}SELECT id FROM pay;\n` });
    const result = run(['check', '--with-data', 'app.sql'], dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(join(dir, 'in.csv'));
  });

  it('accepts a valid application', () => {
    const dir = workspace({ 'in.csv': csv, 'app.sql': `${declare}SELECT id FROM pay;\n` });
    const result = run(['check', 'app.sql'], dir);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('app.sql: OK (1 job)');
    expect(result.status).toBe(0);
  });
});

describe('ferris run', () => {
  it('runs a bounded job to the end, fills ${name} from --set then the environment, and exits 0', () => {
    const dir = workspace({
      'in.csv': csv,
      'app.sql': `${declare}CREATE STREAM out AS SELECT id, amount * \${factor} AS scaled FROM pay WHERE id >= \${min_id}
WITH ('out.type' = 'file_sink', 'out.path' = 'out.jsonl', 'out.format' = 'jsonl');\n`,
    });
    const result = spawnSync(process.execPath, [ferris, 'run', 'app.sql', '--set', 'factor=2'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, min_id: '2' },
    });
    expect(result.status).toBe(0);
    expect(readFileSync(join(dir, 'out.jsonl'), 'utf8')).toBe('{"id":2,"scaled":"6.50"}\n');
    expect(result.stderr).toContain('out: 2 rows in, 1 row out');
  });

  it('prints a bare SELECT to stdout as JSON lines', () => {
    const dir = workspace({ 'in.csv': csv, 'app.sql': `${declare}SELECT id, amount FROM pay;\n` });
    const result = run(['run', 'app.sql'], dir);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('{"id":1,"amount":"10.50"}\n{"id":2,"amount":"3.25"}\n');
  });

  it('says which placeholder has no value', () => {
    const dir = workspace({ 'in.csv': csv, 'app.sql': `${declare}SELECT id FROM pay WHERE id > \${nowhere_defined_123};\n` });
    const result = run(['run', 'app.sql'], dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('nowhere_defined_123');
  });

  it('fails the job on a bad record with failure_strategy = fail, naming file and line', () => {
    const dir = workspace({
      'in.csv': 'id,amount\n1,1.00\n2,oops\n',
      'app.sql': `${declare}SELECT id FROM pay WITH ('failure_strategy' = 'fail');\n`,
    });
    const result = run(['run', 'app.sql'], dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/in\.csv:3: .*failure_strategy = fail/);
  });

  it('drains an unbounded (watching) job on SIGTERM: rows read are written, exit 0', async () => {
    const dir = workspace({
      'in.csv': csv,
      'app.sql': `CREATE STREAM pay (id INTEGER, amount DECIMAL(10,2)) WITH ('pay.type' = 'file_source', 'pay.path' = 'in.csv', 'pay.format' = 'csv', 'pay.watching' = 'true', 'pay.polling_interval' = '50');
CREATE STREAM out AS SELECT id FROM pay WITH ('out.type' = 'file_sink', 'out.path' = 'out.jsonl', 'out.format' = 'jsonl');\n`,
    });
    const child = spawn(process.execPath, [ferris, 'run', 'app.sql'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    appendFileSync(join(dir, 'in.csv'), '3,1.00\n');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    child.kill('SIGTERM');
    const status = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    expect(stderr).toContain('SIGTERM received: stopping');
    expect(status).toBe(0);
    expect(readFileSync(join(dir, 'out.jsonl'), 'utf8')).toBe('{"id":1}\n{"id":2}\n{"id":3}\n');
  });
});

describe('ferris parse and explain', () => {
  it('prints the AST as JSON, one element per statement', () => {
    const dir = workspace({ 'app.sql': 'SELECT a FROM s;\nSELECT b FROM t;\n' });
    const result = run(['parse', 'app.sql'], dir);
    expect(result.status).toBe(0);
    const ast = JSON.parse(result.stdout) as { type: string }[];
    expect(ast.map((s) => s.type)).toEqual(['query', 'query']);
  });

  it('prints the logical and physical plans', () => {
    const dir = workspace({ 'in.csv': csv, 'app.sql': `${declare}SELECT id, amount * 2 AS twice FROM pay WHERE amount > 5;\n` });
    const result = run(['explain', 'app.sql'], dir);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Logical plan:');
    expect(result.stdout).toContain('Filter amount > 5');
    expect(result.stdout).toMatch(/projectRows#\d+\(id AS id, amount \* 2 AS twice\)/);
    expect(result.stdout).toMatch(/filterRows#\d+\(amount > 5\)/);
  });

  it('starts with the graph of jobs when jobs read each other, and plans each reader against its upstream', () => {
    const app = `CREATE STREAM big AS SELECT id, doubled FROM twice WHERE doubled > 10 WITH ('big.type' = 'file_sink', 'big.path' = 'big.jsonl');
${declare}CREATE STREAM twice AS SELECT id, amount * 2 AS doubled FROM pay;
`;
    const result = run(['explain', 'app.sql'], workspace({ 'in.csv': csv, 'app.sql': app }));
    expect(result.status).toBe(0);
    expect(result.stdout.startsWith('Jobs (2, in process):\n  twice: reads pay (file_source) → in_process, read by big\n  big: reads twice (job) → file_sink\n')).toBe(true);
    expect(result.stdout).toContain('Sources:\n  twice: the output of job twice, in process');
    expect(result.stdout).toContain('Scan twice [id:INTEGER, doubled:DECIMAL(29,2)]');
  });
});

describe('commands inside a run file', () => {
  it('prints SHOW STREAMS, DESCRIBE and SHOW FUNCTIONS at their place in the file', () => {
    const dir = workspace({
      'in.csv': csv,
      'app.sql': `${declare}SHOW STREAMS;
DESCRIBE pay;
SHOW FUNCTIONS;
`,
    });
    const result = run(['run', 'app.sql'], dir);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/name\s+connector\s+origin\n-+.*\npay\s+file_source\s+declared\n/);
    expect(result.stdout).toContain('STREAM pay');
    expect(result.stdout).toMatch(/amount\s+DECIMAL\(10,2\)\s+true/);
    expect(result.stdout).toMatch(/\nUPPER\s+string\s+UPPER\(/);
    expect(result.stdout).toMatch(/\nSUM\s+aggregate\s+SUM\(/);
  });

  it('filters SHOW listings with LIKE (ignoring case) and says when DROP IF EXISTS skipped a missing stream', () => {
    const dir = workspace({
      'in.csv': csv,
      'app.sql': `${declare}SHOW FUNCTIONS LIKE 'upp%';
SHOW STREAMS LIKE 'nothing%';
DROP STREAM IF EXISTS foo;
DROP STREAM pay;
`,
    });
    const result = run(['run', 'app.sql'], dir);
    expect(result.status).toBe(0);
    const functionRows = result.stdout.split('\n').filter((line) => /^[A-Z_]+\s+\w+\s+[A-Z_]+\(/.test(line));
    expect(functionRows.map((line) => line.split(/\s+/)[0])).toEqual(['UPPER']);
    expect(result.stdout).not.toMatch(/\npay\s+file_source/);
    expect(result.stdout).toContain('stream foo does not exist, skipped\n');
    expect(result.stdout).not.toContain('dropped stream foo');
    expect(result.stdout).toContain('dropped stream pay\n');
  });
});

describe('ferris --version', () => {
  it('prints the version of the package', () => {
    const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const result = run([flag], tmpdir());
      expect(result.status).toBe(0);
      expect(result.stdout).toBe(`${manifest.version}\n`);
    }
  });
});
