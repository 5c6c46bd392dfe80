import { seedKafkajsPartitionGrouping } from '../produceRequest/kafkajsPartitionGrouping.js';

/*
 * The entry of the Kafka sinks' producer thread. It puts our one-pass partition grouping where
 * kafkajs's producer will require its own (kafkajsPartitionGrouping.ts) before anything of this
 * thread loads kafkajs, then loads the thread's request handler (producerRequests.ts), which
 * does. The import is dynamic so that no bundler can hoist kafkajs above the seeding.
 */
seedKafkajsPartitionGrouping();
void import('./producerRequests.js');
