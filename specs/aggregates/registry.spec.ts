import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listAggregates, lookupAggregate } from '../../lib/aggregates/registry.js';
import { AGGREGATE_FUNCTIONS } from '../../lib/plan/functionKinds.js';

const registeredNames = listAggregates().flatMap((fn) => [fn.name, ...fn.aliases]);

describe('aggregate registry', () => {
  it('finds functions by name and alias, case-insensitively', () => {
    expect(lookupAggregate('sum')?.name).toBe('SUM');
    expect(lookupAggregate('Group_Concat')?.name).toBe('STRING_AGG');
    expect(lookupAggregate('collect')?.name).toBe('STRING_AGG');
    expect(lookupAggregate('STDDEV')?.name).toBe('STDDEV_SAMP');
    expect(lookupAggregate('variance')?.name).toBe('VAR_SAMP');
    expect(lookupAggregate('first')?.name).toBe('FIRST_VALUE');
    expect(lookupAggregate('LAST')?.name).toBe('LAST_VALUE');
    expect(lookupAggregate('LEAST')).toBeUndefined();
  });

  it('lists functions sorted by name, with signatures and descriptions', () => {
    const names = listAggregates().map((fn) => fn.name);
    expect(names).toEqual([...names].sort());
    for (const fn of listAggregates()) {
      expect(fn.signature).toContain(fn.name);
      expect(fn.description.length).toBeGreaterThan(20);
      expect(fn.minArgs).toBeLessThanOrEqual(fn.maxArgs);
    }
  });

  it('registers exactly the names the planner treats as aggregates', () => {
    expect([...registeredNames].sort()).toEqual([...AGGREGATE_FUNCTIONS].sort());
  });

  it('docs/aggregates.md describes every name and alias', () => {
    const doc = readFileSync(new URL('../../docs/aggregates.md', import.meta.url), 'utf8');
    const headings = doc.split('\n').filter((line) => line.startsWith('### ')).join('\n');
    for (const name of registeredNames) expect(headings, name).toMatch(new RegExp(`\\b${name}\\b`));
  });
});
