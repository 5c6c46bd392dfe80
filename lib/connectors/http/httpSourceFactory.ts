import { FerrisError } from '../../types/errors.js';
import { integerProperty } from '../properties.js';
import { DEFAULT_BATCH_SIZE } from '../rowBatcher.js';
import type { SourceFactory } from '../types.js';
import { HTTP_SOURCE_DESCRIPTOR } from './httpSourceDescriptor.js';
import { HttpSource } from './httpSource.js';

/**
 * `http_source`: rows posted as NDJSON to the job server's `POST /ingest/<stream>`. The
 * stream must declare its columns (nothing arrives before the job starts, so nothing can be
 * inferred), and the job must run in the server, which provides the ingest endpoints.
 */
export const httpSourceFactory: SourceFactory = {
  ...HTTP_SOURCE_DESCRIPTOR,
  open: async (props, declared, ctx) => {
    const stream = ctx.connectorName ?? 'http';
    if (ctx.ingest === undefined) {
      throw new FerrisError('CONFIG', `'${stream}.type' = 'http_source' is fed by POST /ingest/${stream} of the job server: deploy the job with 'ferris server' (POST /sql)`);
    }
    if (declared === undefined) {
      throw new FerrisError('CONFIG', `an http_source needs its columns declared (nothing has arrived to infer them from): CREATE STREAM ${stream} (col TYPE, ...) WITH ('${stream}.type' = 'http_source')`);
    }
    return new HttpSource(declared, stream, integerProperty(props, 'batch.size', DEFAULT_BATCH_SIZE, 1), ctx, ctx.ingest);
  },
};
