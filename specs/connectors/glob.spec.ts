import { describe, expect, it } from 'vitest';
import { matchesGlob } from '../../lib/connectors/file/glob.js';

describe('matchesGlob', () => {
  it('matches a path by the rules of expandGlob, reading nothing', () => {
    expect(matchesGlob('/d/data/*.csv', '/d/data/in.csv')).toBe(true);
    expect(matchesGlob('/d/data/*.csv', '/d/data/sub/in.csv')).toBe(false);
    expect(matchesGlob('/d/data/**/*.csv', '/d/data/sub/deep/in.csv')).toBe(true);
    expect(matchesGlob('/d/data/**/*.csv', '/d/data/in.csv')).toBe(true);
    expect(matchesGlob('/d/data/in?.csv', '/d/data/in1.csv')).toBe(true);
    expect(matchesGlob('/d/data/*.csv', '/d/other/in.csv')).toBe(false);
    expect(matchesGlob('/d/data/*.csv', '/d/in.csv')).toBe(false);
  });

  it('compares a path without wildcards as a path', () => {
    expect(matchesGlob('/d/data/in.csv', '/d/data/./in.csv')).toBe(true);
    expect(matchesGlob('/d/data/in.csv', '/d/data/out.csv')).toBe(false);
  });
});
