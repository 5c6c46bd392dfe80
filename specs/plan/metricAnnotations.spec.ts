import { describe, expect, it } from 'vitest';
import { userMetricSpecs } from '../../lib/plan/app/metricAnnotations.js';
import { parseSql } from '../../lib/sql/parser.js';

const JOB = "CREATE STREAM out AS SELECT symbol, quantity FROM trades WITH ('out.type' = 'stdout');";
const specsOf = (annotations: string, statement = JOB) => userMetricSpecs(parseSql(`${annotations}\n${statement}`)[0]!);

describe('@metric annotations', () => {
  it('declare counters (of rows or of a field), gauges and histograms with labels, help and buckets', () => {
    const specs = specsOf(
      [
        '-- @metric: trades_total',
        '-- @metric_labels: symbol',
        '-- @metric: shares_total',
        '-- @metric_field: quantity',
        '-- @metric: last_quantity',
        '-- @metric_type: gauge',
        '-- @metric_field: quantity',
        '-- @metric_help: "The latest quantity"',
        '-- @metric: quantity_sizes',
        '-- @metric_type: histogram',
        '-- @metric_field: quantity',
        '-- @metric_buckets: 10, 100, 1000',
      ].join('\n'),
    );
    expect(specs.map(({ location: _location, ...spec }) => spec)).toEqual([
      { name: 'trades_total', type: 'counter', help: "counter trades_total of the job's output", field: undefined, labels: ['symbol'], buckets: undefined },
      { name: 'shares_total', type: 'counter', help: "counter shares_total of the job's output", field: 'quantity', labels: [], buckets: undefined },
      { name: 'last_quantity', type: 'gauge', help: 'The latest quantity', field: 'quantity', labels: [], buckets: undefined },
      { name: 'quantity_sizes', type: 'histogram', help: "histogram quantity_sizes of the job's output", field: 'quantity', labels: [], buckets: [10, 100, 1000] },
    ]);
    expect(specs[0]!.location).toMatchObject({ line: 1, column: 1 });
  });

  it('refuse what would not work, at the annotation, and say what is not built', () => {
    expect(() => specsOf('-- @metric: 1st')).toThrow("'1st' is not a metric name");
    expect(() => specsOf('-- @metric_type: gauge')).toThrow('@metric_type comes after the @metric it describes');
    expect(() => specsOf('-- @metric: g\n-- @metric_type: gauge')).toThrow('@metric g: a gauge needs @metric_field');
    expect(() => specsOf('-- @metric: g\n-- @metric_type: summary')).toThrow("@metric_type is counter, gauge or histogram, got 'summary'");
    expect(() => specsOf('-- @metric: c\n-- @metric_buckets: 1,2')).toThrow('@metric_buckets is for a histogram; @metric c is a counter');
    expect(() => specsOf('-- @metric: h\n-- @metric_type: histogram\n-- @metric_field: quantity\n-- @metric_buckets: 5, 1')).toThrow('ascending numbers');
    expect(() => specsOf('-- @metric: c\n-- @metric_labels: job')).toThrow("'job' cannot label a metric");
    expect(() => specsOf('-- @metric: c\n-- @metric_colour: red')).toThrow('unknown annotation @metric_colour');
    expect(() => specsOf('-- @metric: c\n-- @metric_condition: quantity > 1')).toThrow('not supported yet: @metric_condition');
    expect(() => specsOf('-- @metric: c', "CREATE STREAM trades WITH ('trades.type' = 'datagen');")).toThrow("@metric annotations feed on a job's output rows; a create_source statement has none");
    try {
      specsOf('-- @metric: c\n-- @metric_labels: bad-label');
    } catch (error) {
      expect((error as { location: { line: number } }).location.line).toBe(2);
    }
    expect(specsOf('-- @app: trading')).toEqual([]);
  });
});
