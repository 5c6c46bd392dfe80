import type { UriRef } from '../../sql/ast.js';
import { FerrisError, notSupported } from '../../types/errors.js';
import { streamConnector, type ConnectorSpec } from './connectorSpec.js';

const FORMAT_BY_EXTENSION: Record<string, string> = { csv: 'csv', jsonl: 'jsonl', ndjson: 'jsonl', json: 'json' };

/**
 * The connector of a quoted URI in FROM: `'file://trades.csv'` (relative to the SQL file) or
 * `'file:///abs/path.jsonl.gz'` reads the file with the format of its extension.
 */
export function uriConnector(ref: UriRef): ConnectorSpec {
  const match = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(ref.uri);
  if (!match) {
    throw new FerrisError('CONFIG', `'${ref.uri}' is not a URI; write e.g. 'file://data/trades.csv'`, { location: ref.loc });
  }
  const scheme = match[1]!.toLowerCase();
  if (scheme !== 'file') throw notSupported(`'${scheme}://' URIs in FROM (only 'file://' for now)`, ref.loc);
  const path = match[2]!;
  const extension = path.replace(/\.gz$/i, '').split('.').pop()!.toLowerCase();
  const format = FORMAT_BY_EXTENSION[extension];
  if (!format) {
    throw new FerrisError(
      'CONFIG',
      `cannot tell the format of '${ref.uri}' from its extension; use one of .${Object.keys(FORMAT_BY_EXTENSION).join(', .')} (optionally .gz), or declare it with CREATE STREAM ... WITH ('<name>.format' = ...)`,
      { location: ref.loc },
    );
  }
  return streamConnector(ref.uri, 'file_source', new Map([['path', path], ['format', format]]), ref.loc);
}
