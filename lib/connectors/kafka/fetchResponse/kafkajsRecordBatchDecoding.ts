import { seedKafkajsModule } from '../kafkajsModuleSeed.js';
import { readRecordBatch } from './recordBatchReader.js';

/**
 * Makes kafkajs's Fetch decoding read record batches with {@link readRecordBatch} instead of
 * its own decoder (`src/protocol/recordBatch/v0/decoder.js`), for every kafkajs consumer of
 * this thread. kafkajs requires that decoder with its Fetch response modules, on the first
 * Fetch a consumer makes, not when kafkajs loads: the connectors' client (kafkaClient.ts) calls
 * this before it makes any consumer. Returns whether kafkajs uses ours: not for another kafkajs
 * release, nor once a consumer of this thread has fetched with kafkajs's own.
 */
export function installKafkajsRecordBatchDecoding(): boolean {
  return seedKafkajsModule('kafkajs/src/protocol/recordBatch/v0/decoder.js', readRecordBatch);
}
