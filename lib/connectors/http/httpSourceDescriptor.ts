import { BATCH_SIZE_PROPERTY, DLQ_PATH_PROPERTY } from '../commonProperties.js';
import type { ConnectorDescriptor } from '../lazyFactory.js';

/**
 * `http_source`: a stream fed by `POST /ingest/<stream>` of the job server (NDJSON bodies).
 * Its type and properties; the source itself is in httpSourceFactory.ts, loaded by the first open.
 */
export const HTTP_SOURCE_DESCRIPTOR: ConnectorDescriptor = {
  type: 'http_source',
  properties: [{ ...BATCH_SIZE_PROPERTY, description: 'the most rows per batch a post is cut into' }, DLQ_PATH_PROPERTY],
  endsByItself: () => false,
};
