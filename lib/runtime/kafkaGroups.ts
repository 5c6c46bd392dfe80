import type { JobSpec } from '../plan/app/analyzeApp.js';
import { jobRoute, prepareConnector } from './connectorProperties.js';

/** The groups a job's Kafka sources read under, from any of their key forms (`group.id`, `source.kafka.group.id`, a config file); a source whose keys cannot be read is left out (opening it reports why). */
function kafkaGroupsOf(job: JobSpec, baseDir: string): string[] {
  return [...job.sources.values()].flatMap((spec) => {
    if (spec.type !== 'kafka_source') return [];
    try {
      return [prepareConnector(spec, baseDir, jobRoute(job.jobKeys, baseDir, job)).properties.get('group.id') ?? `ferris-${job.name}`];
    } catch {
      return [];
    }
  });
}

/**
 * The jobs of an application whose Kafka source reads under a group another job of it reads
 * under too, with that group. One group shared by two jobs would split the topic's partitions
 * between the jobs (each would read only part of its input), so each of them reads under a
 * group of its own instead ({@link ownGroup}).
 */
export function jobsSharingKafkaGroups(jobs: readonly JobSpec[], baseDir: string): Map<JobSpec, string> {
  const byGroup = new Map<string, JobSpec[]>();
  for (const job of jobs) {
    for (const group of new Set(kafkaGroupsOf(job, baseDir))) byGroup.set(group, [...(byGroup.get(group) ?? []), job]);
  }
  return new Map([...byGroup].flatMap(([group, readers]) => (readers.length > 1 ? readers.map((job) => [job, group] as const) : [])));
}

/** The group of its own a job reads under when it shares its source's group with other jobs: `<group.id>-<job>`. */
export function ownGroup(group: string, job: string): string {
  return `${group}-${job}`;
}
