/*
 * Types of the compression packages that ship none, as far as the codecs use them.
 */

declare module 'lz4js' {
  /** Compresses bytes into one LZ4 frame. */
  export function compress(src: Uint8Array): Uint8Array;
  /** Decompresses one LZ4 frame. */
  export function decompress(src: Uint8Array): Uint8Array;
}

declare module 'kafkajs-snappy' {
  /** The kafkajs snappy codec (raw snappy out; raw or xerial-framed snappy in). */
  const codec: () => {
    compress(encoder: { buffer: Buffer }): Promise<Uint8Array>;
    decompress(buffer: Buffer): Promise<Uint8Array>;
  };
  export = codec;
}

declare module 'zstd-codec' {
  /** The compressor of whole buffers. */
  interface ZstdSimple {
    compress(content: Uint8Array, level?: number): Uint8Array | null;
    /** Null when the frame does not state its decompressed size. */
    decompress(compressed: Uint8Array): Uint8Array | null;
  }
  /** The streaming compressor: decompresses frames that do not state their size. */
  interface ZstdStreaming {
    decompress(compressed: Uint8Array, sizeHint?: number): Uint8Array | null;
  }
  interface ZstdBinding {
    Simple: new () => ZstdSimple;
    Streaming: new () => ZstdStreaming;
  }
  export const ZstdCodec: { run(onReady: (zstd: ZstdBinding) => void): void };
}
