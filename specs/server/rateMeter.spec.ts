import { describe, expect, it } from 'vitest';
import { RateMeter } from '../../lib/server/rateMeter.js';

describe('RateMeter', () => {
  it('gives the rates between the last two samples, 0 before two', () => {
    const meter = new RateMeter();
    expect(meter.rates()).toEqual({ in: 0, out: 0 });
    meter.sample(1000, 0, 0);
    expect(meter.rates()).toEqual({ in: 0, out: 0 });
    meter.sample(1500, 500, 100);
    expect(meter.rates()).toEqual({ in: 1000, out: 200 });
    meter.sample(2500, 500, 400);
    expect(meter.rates()).toEqual({ in: 0, out: 300 });
  });
});
