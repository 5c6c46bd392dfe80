import { describe, expect, it } from 'vitest';
import { lazyFactory } from '../../lib/connectors/lazyFactory.js';
import { sourceFactory, validateProperties } from '../../lib/connectors/registry.js';
import { props, readAllRows, testContext } from './connectorTestKit.js';

const DESCRIPTOR = { type: 'lazy_test', properties: [{ key: 'size', description: 'a size' }] };

describe('lazyFactory', () => {
  it('states its type and properties without loading, and loads the implementation once, on the first open', async () => {
    let loads = 0;
    const factory = lazyFactory(DESCRIPTOR, async () => {
      loads++;
      return async (size: number) => `opened ${size}`;
    });
    expect(factory.type).toBe('lazy_test');
    expect(factory.properties.map((p) => p.key)).toEqual(['size']);
    expect(loads).toBe(0);
    expect(await Promise.all([factory.open(1), factory.open(2)])).toEqual(['opened 1', 'opened 2']);
    expect(await factory.open(3)).toBe('opened 3');
    expect(loads).toBe(1);
  });

  it('rejects the open whose load failed, and tries again on the next open', async () => {
    let loads = 0;
    const factory = lazyFactory(DESCRIPTOR, async () => {
      loads++;
      if (loads === 1) throw new Error('module missing');
      return async () => 'opened';
    });
    await expect(factory.open()).rejects.toThrow('module missing');
    expect(await factory.open()).toBe('opened');
    expect(loads).toBe(2);
  });
});

describe('the datagen source, registered lazily', () => {
  it('validates its keys from the descriptor and opens through the registry', async () => {
    const factory = sourceFactory('datagen');
    expect(() => validateProperties(factory, props({ cuont: '3' }), 'trades')).toThrow("unknown property 'trades.cuont' for datagen (did you mean 'trades.count'?)");
    const source = await factory.open(props({ count: '3' }), undefined, testContext('/'));
    expect((await readAllRows(source)).length).toBe(3);
  });
});
