import type { JobSpec } from '../plan/app/analyzeApp.js';
import type { ConnectorSpec } from '../plan/app/connectorSpec.js';
import { matchesGlob } from '../connectors/file/glob.js';
import { rotatedPath } from '../connectors/file/rotatedPath.js';
import { FerrisError, type SourceLocation } from '../types/errors.js';
import { loadConfigFile } from './configFile.js';
import { resolvePath } from './connectorProperties.js';

/** A file a job reads or writes, with the job and the connector it comes from. */
interface FileUse {
  readonly job: JobSpec;
  readonly connector: ConnectorSpec;
  /** Absolute path (a glob for a source that reads many files). */
  readonly path: string;
}

/**
 * Finds file sinks that would destroy input, without touching a file: a sink path that is one
 * of the application's source files or matches a source glob (the sink truncates it before it
 * is read; its rotated files count too), unless another job tails that file (`watching`, a
 * pipeline through the file); and two jobs writing the same file (one overwrites the other).
 * Each error is located at the sink's path key and names both statements.
 */
export function sinkTargetErrors(jobs: readonly JobSpec[], baseDir: string): FerrisError[] {
  const reads = jobs.flatMap((job) => [...job.sources.values()].flatMap((connector) => fileUse(job, connector, 'file_source', baseDir)));
  const writes = jobs.flatMap((job) => fileUse(job, job.sink, 'file_sink', baseDir));
  const errors: FerrisError[] = [];
  writes.forEach((write, index) => {
    const written = writtenFiles(write);
    const read = reads.find((r) => (r.job === write.job || !tails(r.connector)) && written.some((file) => matchesGlob(r.path, file)));
    if (read !== undefined) {
      errors.push(
        new FerrisError(
          'CONFIG',
          `${statementLabel(write.job)} writes ${write.path}, which ${statementLabel(read.job)} reads (source '${read.connector.name}', ${read.path}): the sink would truncate its input before it is read; write to another file`,
          { location: pathLocation(write) },
        ),
      );
    }
    const earlier = writes.slice(0, index).find((w) => w.path === write.path);
    if (earlier !== undefined) {
      errors.push(
        new FerrisError(
          'CONFIG',
          `${statementLabel(write.job)} writes ${write.path}, which ${statementLabel(earlier.job)} writes too: one would overwrite the other; give each job its own file`,
          { location: pathLocation(write) },
        ),
      );
    }
  });
  return errors;
}

function fileUse(job: JobSpec, connector: ConnectorSpec, type: string, baseDir: string): FileUse[] {
  if (connector.type.trim().toLowerCase() !== type) return [];
  const configFile = connector.properties.get('config_file');
  const path = connector.properties.get('path') ?? (configFile === undefined ? undefined : loadConfigFile(resolvePath(configFile, baseDir)).get('path'));
  return path === undefined ? [] : [{ job, connector, path: resolvePath(path, baseDir) }];
}

/** Where the sink's path was written, else its name in the statement. */
function pathLocation(write: FileUse): SourceLocation {
  return write.connector.origins?.get('path')?.location ?? write.connector.location;
}

/** Whether a source tails its files (`watching`): it then reads another job's output as it is written. */
function tails(connector: ConnectorSpec): boolean {
  return connector.properties.get('watching')?.trim().toLowerCase() === 'true';
}

/** The files a sink writes: its path, and the next one when it rotates. */
function writtenFiles(write: FileUse): string[] {
  const rotates = [...write.connector.properties.keys()].some((key) => key.startsWith('rotation.'));
  return rotates ? [write.path, rotatedPath(write.path, 1)] : [write.path];
}

/** How an error names a job's statement: `CREATE STREAM out (line 5)`. */
function statementLabel(job: JobSpec): string {
  const statement = job.statement;
  const what =
    statement.type === 'create_as_select'
      ? `CREATE ${statement.kind} ${job.name}`
      : statement.type === 'insert_into'
        ? `INSERT INTO ${job.name}`
        : statement.type === 'select_into'
          ? `SELECT ... INTO ${job.name}`
          : statement.type === 'deploy_job'
            ? `DEPLOY JOB ${job.name}`
            : `the query ${job.name}`;
  return `${what} (line ${statement.loc.line})`;
}
