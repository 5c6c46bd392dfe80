import { describe, expect, it } from 'vitest';
import { brokerOptionsFromFlags } from '../../lib/broker/flags.js';

describe('brokerOptionsFromFlags', () => {
  it('reads --advertised-port, the port clients are told to connect to', () => {
    expect(brokerOptionsFromFlags({ port: '9092', advertisedPort: '19092' })).toEqual({ port: 9092, advertisedPort: 19092 });
    expect(brokerOptionsFromFlags({ port: '9092' })).toEqual({ port: 9092 });
    expect(() => brokerOptionsFromFlags({ advertisedPort: '0' })).toThrow("--advertised-port must be an integer between 1 and 65535, got '0'");
  });
});
