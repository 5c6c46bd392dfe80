import { ErrorCode } from '../protocol/errorCodes.js';
import { OffsetCommit, OffsetFetch } from '../protocol/messages/groups.js';
import type { JournaledOffset } from '../storage/journalEvents.js';
import { perPartition, route } from './route.js';

/** OffsetCommit v0-v5: membership and generation checked unless the group is empty (admin commits). */
export const offsetCommitRoute = route(
  OffsetCommit,
  (state, req) => {
    const offsets: JournaledOffset[] = [];
    for (const t of req.topics) for (const p of t.partitions) offsets.push([t.name, p.partition, p.committedOffset, p.committedMetadata]);
    const errorCode = state.groups.commitOffsets(req.groupId, req.generationId, req.memberId, offsets);
    return { topics: perPartition(req.topics, (t) => t.partitions, (_t, p) => ({ partition: p.partition, errorCode })) };
  },
  (req, errorCode) => ({ topics: perPartition(req.topics, (t) => t.partitions, (_t, p) => ({ partition: p.partition, errorCode })) }),
);

/** OffsetFetch v1-v4: committed offsets, -1 where none; null topics (v2+) means all committed. */
export const offsetFetchRoute = route(
  OffsetFetch,
  (state, req) => {
    const committed = state.groups.get(req.groupId)?.committed;
    const wanted = req.topics ?? [...(committed ?? new Map<string, Map<number, unknown>>())].map(([name, byPartition]) => ({ name, partitions: [...byPartition.keys()] }));
    return {
      errorCode: ErrorCode.NONE,
      topics: wanted.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((partition) => {
          const c = committed?.get(t.name)?.get(partition);
          return { partition, committedOffset: c?.offset ?? -1, metadata: c?.metadata ?? '', errorCode: ErrorCode.NONE };
        }),
      })),
    };
  },
  (req, errorCode) => ({
    errorCode,
    topics: (req.topics ?? []).map((t) => ({ name: t.name, partitions: t.partitions.map((partition) => ({ partition, errorCode })) })),
  }),
);
