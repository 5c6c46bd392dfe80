/*
 * Imported first by a benchmark whose load driver produces through kafkajs in the benchmark's
 * own thread: puts our one-pass partition grouping where kafkajs's producer will require its
 * own (lib/connectors/kafka/produceRequest/kafkajsPartitionGrouping.ts), before the imports
 * after this one load kafkajs. The driver is an instrument: kafkajs's grouping copies a
 * partition's array for every message added, which at 30,000 records/s took half a second of
 * every ten of the thread that also runs the latency probe.
 */
import { seedKafkajsPartitionGrouping } from '../lib/connectors/kafka/produceRequest/kafkajsPartitionGrouping.js';

seedKafkajsPartitionGrouping();
