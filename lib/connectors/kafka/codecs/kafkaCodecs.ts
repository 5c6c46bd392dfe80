import kafkajs from 'kafkajs';
import { FerrisError } from '../../../types/errors.js';
import { lazyPackage } from '../../../types/lazyPackage.js';

/** A kafkajs compression codec: what `CompressionCodecs[type]()` returns. */
interface Codec {
  compress(encoder: { buffer: Buffer }): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
}

const snappy = lazyPackage<typeof import('kafkajs-snappy')>('kafkajs-snappy');
const lz4 = lazyPackage<typeof import('lz4js')>('lz4js');
const zstdPackage = lazyPackage<typeof import('zstd-codec')>('zstd-codec');

type Zstd = Parameters<Parameters<ReturnType<typeof zstdPackage>['ZstdCodec']['run']>[0]>[0];
let zstdLoading: Promise<Zstd> | undefined;
/** The zstd WebAssembly module, instantiated once on first use. */
function zstd(): Promise<Zstd> {
  return (zstdLoading ??= new Promise<Zstd>((resolve) => zstdPackage().ZstdCodec.run(resolve)));
}

const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

function codecFailure(codec: string, action: string): FerrisError {
  return new FerrisError('IO', `kafka: ${codec} could not ${action} a record batch`);
}

/** Snappy through kafkajs-snappy (snappyjs): raw snappy out, raw or xerial-framed (the Java client's) snappy in. */
const SNAPPY: Codec = {
  compress: async (encoder) => asBuffer(await snappy()().compress(encoder)),
  decompress: async (buffer) => asBuffer(await snappy()().decompress(buffer)),
};

/** LZ4 frames (what Kafka's clients write) through lz4js. */
const LZ4: Codec = {
  compress: async (encoder) => asBuffer(lz4().compress(encoder.buffer)),
  decompress: async (buffer) => asBuffer(lz4().decompress(buffer)),
};

/** Zstandard through zstd-codec (the reference library compiled to WebAssembly). */
const ZSTD: Codec = {
  compress: async (encoder) => {
    const out = new (await zstd()).Simple().compress(encoder.buffer);
    if (out === null) throw codecFailure('zstd', 'compress');
    return asBuffer(out);
  },
  decompress: async (buffer) => {
    const codec = await zstd();
    const out = new codec.Simple().decompress(buffer) ?? new codec.Streaming().decompress(buffer);
    if (out === null) throw codecFailure('zstd', 'decompress');
    return asBuffer(out);
  },
};

// Node's ES module loader does not find CompressionCodecs among kafkajs's named exports: take it from the module object.
const { CompressionCodecs, CompressionTypes } = kafkajs;
let registered = false;

/**
 * Registers snappy, lz4 and zstd with kafkajs (which knows only gzip), so that sinks can
 * produce such batches and sources read them. Registering loads nothing: each codec's package
 * is loaded by the first batch that needs it.
 */
export function registerKafkaCodecs(): void {
  if (registered) return;
  registered = true;
  CompressionCodecs[CompressionTypes.Snappy] = () => SNAPPY;
  CompressionCodecs[CompressionTypes.LZ4] = () => LZ4;
  CompressionCodecs[CompressionTypes.ZSTD] = () => ZSTD;
}
