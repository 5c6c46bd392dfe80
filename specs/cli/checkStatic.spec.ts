import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** `ferris check` checks everything statically; `--with-data` also opens the sources. */
const ferris = join(import.meta.dirname, '../../bin/ferris.js');

function check(files: Record<string, string>, ...flags: string[]): { status: number | null; stdout: string; stderr: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ferris-check-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const result = spawnSync(process.execPath, [ferris, 'check', ...flags, 'app.sql'], { cwd: dir, encoding: 'utf8', env: { ...process.env, FERRIS_LOG_LEVEL: 'warn' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, dir };
}

const declare = "CREATE STREAM pay (id INTEGER, amount DECIMAL(10,2)) WITH ('pay.type' = 'file_source', 'pay.path' = 'in.csv', 'pay.format' = 'csv');\n";
const sink = "WITH ('out.type' = 'file_sink', 'out.path' = 'out.jsonl')";

describe('ferris check, statically', () => {
  it('knows a Kafka source never ends without connecting to it, so ORDER BY over it is reported as run would', () => {
    const sql =
      "CREATE STREAM ticks (symbol STRING, qty INTEGER) WITH ('ticks.type' = 'kafka_source', 'ticks.bootstrap.servers' = '127.0.0.1:1', 'ticks.topic' = 'ticks');\n" +
      `CREATE STREAM out AS SELECT symbol FROM ticks ORDER BY qty ${sink};\n`;
    const result = check({ 'app.sql': sql });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("not supported yet: ORDER BY over the unbounded source 'ticks'");
  });

  it('reports Kafka schema keys that do not fit the format, and failure strategies a file source cannot carry out, without connecting', () => {
    const sql =
      "CREATE STREAM ticks (symbol STRING) WITH ('ticks.type' = 'kafka_source', 'ticks.bootstrap.servers' = '127.0.0.1:1', 'ticks.topic' = 'ticks', 'ticks.format' = 'avro');\n" +
      "CREATE STREAM out AS SELECT symbol FROM ticks WITH ('out.type' = 'kafka_sink', 'out.bootstrap.servers' = '127.0.0.1:1', 'out.topic' = 'o', 'out.protobuf.schema' = 'x');\n";
    const result = check({ 'app.sql': sql });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("kafka_source with format = 'avro' needs its schema: set 'avro.schema', 'avro.schema.file' or 'schema.registry.url'");
    expect(result.stderr).toContain("kafka_sink: 'protobuf.schema' applies to format = 'protobuf', not 'json'");
    const strategy = check({ 'app.sql': `${declare}CREATE STREAM out AS SELECT id FROM pay ${sink.replace(')', ", 'pay.failure_strategy' = 'fail_batch')")};\n` });
    expect(strategy.status).toBe(1);
    expect(strategy.stderr).toContain("not supported yet: failure_strategy = 'fail_batch' for file_source 'pay' (it applies to kafka_source)");
  });

  it("reports the checkpoint keys' errors without opening anything: a transactional job without a Kafka sink, both kinds of checkpoints at once", () => {
    const sql =
      declare +
      "CREATE STREAM out AS SELECT id FROM pay WITH ('mode' = 'transactional', 'out.type' = 'file_sink', 'out.path' = 'out.jsonl');\n" +
      "CREATE STREAM out2 AS SELECT id FROM pay WITH ('mode' = 'transactional', 'checkpoint.dir' = 'ckpt', 'out2.type' = 'file_sink', 'out2.path' = 'out2.jsonl');\n";
    const result = check({ 'app.sql': sql });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("app.sql:2:1: 'mode' = 'transactional' needs a kafka_sink (job out writes to file_sink); a file job takes checkpoints with 'checkpoint.dir'");
    expect(result.stderr).toContain("app.sql:3:1: job out2: 'checkpoint.dir' and 'mode' = 'transactional' exclude each other");
  });

  it('needs no data file, and opens no sink (an existing output is left as it was)', () => {
    const result = check({ 'app.sql': `${declare}CREATE STREAM out AS SELECT id FROM pay ${sink};\n`, 'out.jsonl': 'kept\n' });
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('app.sql: OK (1 job)');
    expect(result.status).toBe(0);
    expect(readFileSync(join(result.dir, 'out.jsonl'), 'utf8')).toBe('kept\n');
  });

  it('reports every error of the file at once, in file order, each with its line and caret', () => {
    const sql =
      "CREATE STREAM pay (id INTEGER, amount DECIMAL(10,2)) WITH ('pay.type' = 'file_source', 'pay.paht' = 'in.csv');\n" +
      `CREATE STREAM out AS SELECT id, SUMM(amount) AS s FROM pay GROUP BY id\nWITH ('out.type' = 'file_sink', 'out.path' = 'out.jsonl', 'failure_stratgy' = 'fail', 'watermark.idle_timeout' = 'soon');\n` +
      "SELECT id FROM pay WITH ('source.fetch.min.bytes' = '1');\n" +
      "SELECT amout FROM pay;\n";
    const result = check({ 'app.sql': sql });
    expect(result.status).toBe(1);
    const located = result.stderr.split('\n').filter((line) => line.startsWith('app.sql:'));
    expect(located).toEqual([
      expect.stringMatching(/^app\.sql:1:88: unknown property 'pay\.paht' for file_source \(did you mean 'pay\.path'\?\)/),
      expect.stringMatching(/^app\.sql:2:33: unknown function SUMM; did you mean SUM\?/),
      expect.stringMatching(/^app\.sql:3:59: unknown WITH key 'failure_stratgy'; did you mean 'failure_strategy'\?/),
      expect.stringMatching(/^app\.sql:3:87: invalid duration 'soon' for 'watermark\.idle_timeout'/),
      expect.stringMatching(/^app\.sql:4:26: unknown property 'source\.fetch\.min\.bytes' for file_source; valid keys: path, /),
      expect.stringMatching(/^app\.sql:5:8: unknown column 'amout' in SELECT; did you mean 'amount'\?/),
      'app.sql: 6 errors',
    ]);
    expect(result.stderr).toContain("SELECT id FROM pay WITH ('source.fetch.min.bytes' = '1');\n" + ' '.repeat(25) + '^');
  });

  it('checks @metric annotations where they are written, on job statements and declarations', () => {
    const sql =
      `${declare}-- @metric: paid\n-- @metric_type: gauge\nCREATE STREAM out AS SELECT id, amount FROM pay ${sink};\n` +
      "-- @metric: declared\nCREATE STREAM other (id INTEGER) WITH ('other.type' = 'http_source');\n";
    const result = check({ 'app.sql': sql });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('app.sql:2:1: @metric paid: a gauge needs @metric_field, the output column it is set to');
    expect(result.stderr).toContain("app.sql:5:1: @metric annotations feed on a job's output rows; a create_source statement has none");
  });

  it('locates an unknown connector type at its key', () => {
    const result = check({ 'app.sql': "CREATE STREAM s (a INTEGER) WITH ('s.type' = 'file_sorce', 's.path' = 'x.csv');\nSELECT a FROM s;\n" });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^app\.sql:1:35: unknown source type 'file_sorce' \(did you mean 'file_source'\?\)/);
  });

  it('says which jobs it can bind only with --with-data (no columns declared)', () => {
    const result = check({ 'app.sql': "SELECT amout FROM 'file://in.csv';\n" });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("app.sql: note: job 'query_1': 'file://in.csv' declares no columns, so the columns the job uses are checked with --with-data only");
  });
});

describe('ferris check --with-data', () => {
  it('infers undeclared columns and binds against them', () => {
    const result = check({ 'app.sql': "SELECT amout FROM 'file://in.csv';\n", 'in.csv': 'id,amount\n1,2.50\n' }, '--with-data');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^app\.sql:1:8: unknown column 'amout' in SELECT; did you mean 'amount'\?/);
  });

  it('checks CSV headers against the declared columns, located at the source', () => {
    const files = { 'app.sql': `${declare}SELECT id FROM pay;\n`, 'in.csv': 'id,amt\n1,2.50\n' };
    expect(check(files).status).toBe(0);
    const result = check(files, '--with-data');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("app.sql:2:16: column 'amount' is not in the CSV header of");
    expect(result.stderr).toContain('(header: id, amt)');
  });
});

describe('ferris check, syntax errors', () => {
  it('reports a syntax error in each statement and still checks the statements that parse', () => {
    const sql = `${declare}SELECT id FROM FROM pay;\nSELECT amout FROM pay;\nSELECT 'a;b' AS s,, id FROM pay; -- a ; in a comment\nSELECT id FROM pay;\n`;
    const result = check({ 'app.sql': sql });
    expect(result.status).toBe(1);
    const located = result.stderr.split('\n').filter((line) => line.startsWith('app.sql:'));
    expect(located).toEqual([
      expect.stringMatching(/^app\.sql:2:16: /),
      expect.stringMatching(/^app\.sql:3:8: unknown column 'amout'/),
      expect.stringMatching(/^app\.sql:4:19: /),
      'app.sql: 3 errors',
    ]);
  });
});
