import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../lib/runtime/configFile.js';

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'ferris-config-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

describe("a connector's config_file", () => {
  it('flattens nested keys, follows extends (the extending file wins) and substitutes ${ENV:default}', () => {
    const d = dir({
      'base.yaml': 'format: csv\ndelimiter: ";"\ndatasource:\n  consumer_config:\n    group: base\n',
      'trades.yaml': 'extends: base.yaml\nformat: jsonl\npath: ${TRADES_DIR:/data}/trades.jsonl\nsymbols: [AAPL, MSFT]\n',
    });
    const keys = loadConfigFile(join(d, 'trades.yaml'), { TRADES_DIR: '/srv' });
    expect(Object.fromEntries(keys)).toEqual({
      format: 'jsonl',
      delimiter: ';',
      'datasource.consumer_config.group': 'base',
      path: '/srv/trades.jsonl',
      symbols: 'AAPL,MSFT',
    });
    expect(loadConfigFile(join(d, 'trades.yaml'), {}).get('path')).toBe('/data/trades.jsonl');
  });

  it('names a variable without a value or default, a cycle and a missing file', () => {
    const d = dir({ 'a.yaml': 'extends: b.yaml\n', 'b.yaml': 'extends: a.yaml\n', 'env.yaml': 'path: ${NOPE_NOT_SET}\n' });
    expect(() => loadConfigFile(join(d, 'env.yaml'), {})).toThrow(/'NOPE_NOT_SET' is not set and has no default/);
    expect(() => loadConfigFile(join(d, 'a.yaml'), {})).toThrow(/extend each other in a cycle/);
    expect(() => loadConfigFile(join(d, 'missing.yaml'), {})).toThrow(/cannot read the config file .*missing\.yaml: no such file/);
  });
});
