import { describe, expect, it } from 'vitest';
import { analyzeApp } from '../../lib/plan/app/analyzeApp.js';
import { parseSql } from '../../lib/sql/parser.js';

describe('job control outside the server', () => {
  it('is refused in an application, pointing at the job server', () => {
    expect(() => analyzeApp(parseSql('STOP JOB vwap;'))).toThrow(
      "not supported yet: STOP JOB in an application (job control is done on the job server: send it to POST /sql of 'ferris server')",
    );
  });
});
