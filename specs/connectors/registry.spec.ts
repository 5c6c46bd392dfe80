import { describe, expect, it } from 'vitest';
import { propertyErrors, sinkFactory, sinkTypes, sourceFactory, sourceTypes, validateProperties } from '../../lib/connectors/registry.js';
import { FerrisError } from '../../lib/types/errors.js';
import { props } from './connectorTestKit.js';

function configError(run: () => unknown): FerrisError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FerrisError);
    expect((error as FerrisError).code).toBe('CONFIG');
    return error as FerrisError;
  }
  throw new Error('expected a CONFIG error');
}

describe('connector registry', () => {
  it('finds the built-in source and sink factories by type', () => {
    expect(sourceTypes()).toEqual(expect.arrayContaining(['file_source', 'datagen']));
    expect(sinkTypes()).toEqual(expect.arrayContaining(['file_sink', 'stdout']));
    expect(sourceFactory('file_source').type).toBe('file_source');
    expect(sourceFactory('DATAGEN').type).toBe('datagen');
    expect(sinkFactory('file_sink').type).toBe('file_sink');
  });

  it('names an unknown type, suggests the closest and lists the valid ones', () => {
    const source = configError(() => sourceFactory('file_sauce'));
    expect(source.message).toBe(`unknown source type 'file_sauce' (did you mean 'file_source'?); valid source types: ${sourceTypes().join(', ')}`);
    const sink = configError(() => sinkFactory('printer'));
    expect(sink.message).toBe(`unknown sink type 'printer'; valid sink types: ${sinkTypes().join(', ')}`);
  });

  it('rejects an unknown property with its full key, a did-you-mean and the valid keys', () => {
    const error = configError(() => validateProperties(sourceFactory('file_source'), props({ type: 'file_source', paht: 'x.csv' }), 'trades'));
    expect(error.message).toMatch(/^unknown property 'trades\.paht' for file_source \(did you mean 'trades\.path'\?\); valid keys: path, format, /);
    expect(error.message).toContain('batch.size');
    const far = configError(() => validateProperties(sinkFactory('file_sink'), props({ zzzzzz: '1' }), 'out'));
    expect(far.message).toMatch(/^unknown property 'out\.zzzzzz' for file_sink; valid keys: path, /);
  });

  it('rejects an enumeration value naming the full key and the accepted values', () => {
    const error = configError(() => validateProperties(sourceFactory('file_source'), props({ path: 'a', format: 'xml' }), 'trades'));
    expect(error.message).toBe("invalid value 'xml' for 'trades.format'; accepted values: csv, jsonl, json");
    const bool = configError(() => validateProperties(sinkFactory('file_sink'), props({ append: 'yes' }), 'out'));
    expect(bool.message).toBe("invalid value 'yes' for 'out.append'; accepted values: true, false");
  });

  it('lists every bad key, named and located as the user typed it', () => {
    const at = { line: 3, column: 7 };
    const errors = propertyErrors(sourceFactory('file_source'), props({ 'fetch.min.bytes': '1', paht: 'x', format: 'xml' }), 'orders', new Map([
      ['fetch.min.bytes', { key: 'source.fetch.min.bytes', location: at }],
      ['paht', { key: 'source.paht', location: at }],
    ]));
    expect(errors.map((e) => e.message.split(';')[0])).toEqual([
      "unknown property 'source.fetch.min.bytes' for file_source",
      "unknown property 'source.paht' for file_source (did you mean 'source.path'?)",
      "invalid value 'xml' for 'orders.format'",
    ]);
    expect(errors.map((e) => e.location)).toEqual([at, at, undefined]);
  });

  it('accepts valid keys and values, case-insensitively for values', () => {
    expect(() =>
      validateProperties(
        sourceFactory('file_source'),
        props({ type: 'file_source', path: 'a.csv', format: 'CSV', watching: 'True', 'batch.size': '10' }),
        'trades',
      ),
    ).not.toThrow();
  });

  it('declares a description for every property of every factory', () => {
    for (const factory of [...sourceTypes().map(sourceFactory), ...sinkTypes().map(sinkFactory)]) {
      expect(factory.properties.length).toBeGreaterThan(0);
      for (const spec of factory.properties) expect(spec.description.length).toBeGreaterThan(0);
    }
  });

  it('checks numeric properties when a connector opens', async () => {
    await expect(
      sourceFactory('file_source').open(props({ path: 'x.csv', 'batch.size': 'many' }), undefined, {
        baseDir: '/',
        signal: new AbortController().signal,
        onBadRecord: () => {},
        log: () => {},
      }),
    ).rejects.toMatchObject({ code: 'CONFIG', message: "invalid value 'many' for 'batch.size': expected a whole number ≥ 1" });
  });
});
