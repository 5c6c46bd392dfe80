import type { ApiInfo } from '../api.js';
import { ApiVersions, CreatePartitions, CreateTopics, DeleteTopics, DescribeConfigs, Metadata } from './cluster.js';
import { DeleteRecords, Fetch, ListOffsets, Produce } from './data.js';
import {
  DeleteGroups, DescribeGroups, FindCoordinator, Heartbeat, JoinGroup, LeaveGroup, ListGroups, OffsetCommit, OffsetFetch, SyncGroup,
} from './groups.js';
import { SaslAuthenticate, SaslHandshake } from './sasl.js';
import { AddOffsetsToTxn, AddPartitionsToTxn, EndTxn, InitProducerId, TxnOffsetCommit } from './transactions.js';

/** Every API the broker speaks, in key order. */
export const ALL_APIS: readonly ApiInfo[] = [
  Produce, Fetch, ListOffsets, Metadata, OffsetCommit, OffsetFetch, FindCoordinator, JoinGroup, Heartbeat, LeaveGroup,
  SyncGroup, DescribeGroups, ListGroups, SaslHandshake, ApiVersions, CreateTopics, DeleteTopics, DeleteRecords, InitProducerId,
  AddPartitionsToTxn, AddOffsetsToTxn, EndTxn, TxnOffsetCommit, DescribeConfigs, SaslAuthenticate, CreatePartitions, DeleteGroups,
];
