import { createRequire } from 'node:module';
import { isReproducedKafkajs } from '../kafkajsModuleSeed.js';
import { encodeProduceRequest, type ProduceRequestArgs, type RecordsCompressor } from './produceRequestWriter.js';

const require = createRequire(import.meta.url);

/** What kafkajs's request table gives for one version of an API: a builder of the request to send. */
type RequestBuilder = (args: ProduceRequestArgs) => { request: { encode: () => Promise<unknown> }; response: unknown };

/** kafkajs's definition of the Produce API (`src/protocol/requests/produce/index.js`). */
interface ProduceDefinition {
  protocol: (version: { version: number }) => RequestBuilder;
}

/** kafkajs's compression codecs (`src/protocol/message/compression/index.js`). */
interface CompressionTable {
  lookupCodec(codec: number): { compress(encoder: { buffer: Buffer }): Promise<Buffer> };
}

/** What kafkajs's connection reads from an encoded request body: an `Encoder`'s buffer (`writeEncoder`). */
interface EncodedBody {
  readonly buf: Buffer;
  readonly buffer: Buffer;
}

/** The first Produce version whose body {@link encodeProduceRequest} writes; kafkajs's v4 to v7 reuse v3's. */
const FIRST_RECORD_BATCH_VERSION = 3;

/** Marks the messages of our own producers, whose requests this encoder writes. */
const OWN_ENCODING = Symbol('ferris.ownProduceEncoding');

/** A message that may carry the mark. */
type Marked = { [OWN_ENCODING]?: true };

/** Whether a request's messages came from one of our producers (all of one send do, or none). */
function isOwn(args: ProduceRequestArgs): boolean {
  const first = args.topicData[0]?.partitions[0]?.messages[0] as Marked | undefined;
  return first?.[OWN_ENCODING] === true;
}

/**
 * Marks every message of `record` for {@link installKafkajsProduceEncoding}'s encoder and
 * returns the record: our sinks' producers send through this, so that any other kafkajs
 * producer of the process (a benchmark's peer, an embedding application's) keeps kafkajs's own
 * encoding. kafkajs hands the message objects to its request unchanged (grouped per partition).
 */
export function withOwnEncoding<R extends { readonly messages: readonly object[] }>(record: R): R {
  for (const message of record.messages) (message as Marked)[OWN_ENCODING] = true;
  return record;
}

let installed: boolean | undefined;

/**
 * Has kafkajs encode the Produce requests (versions 3 to 7) of messages marked by
 * {@link withOwnEncoding} with {@link encodeProduceRequest}, once per thread. kafkajs's own
 * encoder allocates a buffer per record and per field and does 64-bit arithmetic through its
 * `Long` class, 7-10 µs a message, the largest cost of producing; this one sizes the whole
 * batch first and writes it once. The bytes are the same (a spec
 * compares them), and everything else of kafkajs (batching by broker, sequence numbers,
 * transactions, retries, the response) is unchanged. Only done for the kafkajs release it was
 * written against: another keeps its own encoder. Returns whether it is in place.
 */
export function installKafkajsProduceEncoding(): boolean {
  if (installed !== undefined) return installed;
  installed = isReproducedKafkajs();
  if (!installed) return false;
  const definition = require('kafkajs/src/protocol/requests/produce/index.js') as ProduceDefinition;
  const compression = require('kafkajs/src/protocol/message/compression/index.js') as CompressionTable;
  const compressor: RecordsCompressor = (codec, records) => compression.lookupCodec(codec).compress({ buffer: records });
  const kafkajsProtocol = definition.protocol;
  definition.protocol = ({ version: apiVersion }) => {
    const build = kafkajsProtocol({ version: apiVersion });
    if (apiVersion < FIRST_RECORD_BATCH_VERSION) return build;
    return (args) => {
      const built = build(args);
      if (!isOwn(args)) return built;
      built.request.encode = async (): Promise<EncodedBody> => {
        const body = await encodeProduceRequest(args, compressor);
        return { buf: body, buffer: body };
      };
      return built;
    };
  };
  return true;
}
