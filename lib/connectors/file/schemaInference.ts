import type { Field, SqlType } from '../../types/sqlType.js';
import { NULL_TYPE, STRING } from '../../types/sqlType.js';
import type { Schema } from '../../types/schema.js';
import { schemaOf } from '../../types/schema.js';
import { isJsonObject, parseExactJson } from '../../types/exactJson.js';
import { inferFromJson, inferType, mergeInferredTypes } from '../../types/valueText.js';
import type { CsvOptions } from './csvRowDecoder.js';
import type { CsvField } from './csvRecord.js';
import { splitCsvRecord } from './csvRecord.js';
import { formatFramer } from './formatFramer.js';
import type { RecordHandler } from './recordFramer.js';
import { readFileTextUntil } from './fileText.js';

/** The record formats of the file connectors. */
export type FileFormat = 'csv' | 'jsonl' | 'json';

/** A file to sample and whether it is gzip-compressed. */
export interface SampleFile {
  readonly path: string;
  readonly gzip: boolean;
}

/** Collects the records of a sample, stopping once it has enough. */
class SampleCollector implements RecordHandler {
  readonly records: string[] = [];
  constructor(private readonly limit: number) {}
  record(text: string, start: number, end: number): void {
    if (this.records.length < this.limit) this.records.push(text.slice(start, end));
  }
  malformed(): void {}
  get full(): boolean {
    return this.records.length >= this.limit;
  }
}

/** The first records of each file (header included), up to `limit` data records overall. */
async function sampleRecords(
  files: readonly SampleFile[],
  format: FileFormat,
  csv: CsvOptions,
  limit: number,
  maxRecordBytes: number,
): Promise<string[][]> {
  const perFile: string[][] = [];
  let remaining = limit;
  for (const file of files) {
    if (remaining <= 0) break;
    const headerRecords = format === 'csv' && csv.hasHeader ? 1 : 0;
    const collector = new SampleCollector(remaining + headerRecords);
    const framer = formatFramer(format, csv, maxRecordBytes);
    let ended = true;
    await readFileTextUntil(file.path, file.gzip, (text) => {
      framer.feed(text, collector);
      ended = !collector.full;
      return !collector.full;
    });
    if (ended) framer.finish(collector);
    perFile.push(collector.records);
    remaining -= Math.max(0, collector.records.length - headerRecords);
  }
  return perFile;
}

/** A column type seen only as empty/null values is read as STRING. */
function settled(type: SqlType): SqlType {
  return type.kind === 'NULL' ? STRING : type;
}

function inferCsv(perFile: readonly string[][], csv: CsvOptions): Field[] | undefined {
  let names: string[] | undefined;
  let types: SqlType[] = [];
  for (const records of perFile) {
    let first = true;
    for (const record of records) {
      let fields: CsvField[];
      try {
        fields = splitCsvRecord(record, csv.delimiter, csv.quote, csv.nullLiteral);
      } catch {
        continue;
      }
      if (first && csv.hasHeader) {
        first = false;
        names ??= fields.map((name, i) => name?.trim() || `col_${i}`);
        continue;
      }
      first = false;
      names ??= fields.map((_, i) => `col_${i}`);
      if (types.length === 0) types = names.map(() => NULL_TYPE);
      if (fields.length !== names.length) continue;
      for (let i = 0; i < fields.length; i++) {
        const text = fields[i]!;
        if (text !== null) types[i] = mergeInferredTypes(types[i]!, inferType(text));
      }
    }
  }
  if (names === undefined) return undefined;
  return names.map((name, i) => ({ name, type: settled(types[i] ?? NULL_TYPE), nullable: true }));
}

/**
 * The columns of JSON object records: fields in order of first appearance, each with the
 * `inferFromJson` types merged over the records; undefined when no record is an object.
 * Records that are not valid JSON are skipped (reading reports them as bad).
 */
export function inferJsonFields(records: readonly string[]): Field[] | undefined {
  return inferJson([[...records]]);
}

function inferJson(perFile: readonly string[][]): Field[] | undefined {
  const types = new Map<string, SqlType>();
  for (const records of perFile) {
    for (const record of records) {
      let inferred: { name: string; type: SqlType }[];
      try {
        const parsed = parseExactJson(record);
        if (!isJsonObject(parsed)) continue;
        inferred = Object.entries(parsed).map(([name, json]) => ({ name, type: inferFromJson(json).type }));
      } catch {
        // Invalid JSON or a number beyond every type: reading reports the record as bad.
        continue;
      }
      for (const { name, type } of inferred) {
        const known = types.get(name);
        types.set(name, known === undefined ? type : mergeInferredTypes(known, type));
      }
    }
  }
  if (types.size === 0) return undefined;
  return [...types].map(([name, type]) => ({ name, type: settled(type), nullable: true }));
}

/**
 * Infers a schema from the first `sampleSize` records of the files: CSV column names from the
 * header (else `col_0`, `col_1`, ...) and types from `inferType` merged over the sample; JSON
 * fields in order of first appearance with `inferFromJson` types. Columns seen only empty or
 * null are STRING. Resolves undefined when the files hold no record to infer from yet.
 */
export async function inferFileSchema(
  files: readonly SampleFile[],
  format: FileFormat,
  csv: CsvOptions,
  sampleSize: number,
  maxRecordBytes: number,
): Promise<Schema | undefined> {
  const perFile = await sampleRecords(files, format, csv, sampleSize, maxRecordBytes);
  const fields = format === 'csv' ? inferCsv(perFile, csv) : inferJson(perFile);
  return fields === undefined ? undefined : schemaOf(fields);
}
