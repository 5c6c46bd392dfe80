import { apiVersionsRoute } from './apiVersions.js';
import { offsetCommitRoute, offsetFetchRoute } from './commits.js';
import { describeConfigsRoute } from './configs.js';
import { fetchRoute } from './fetch.js';
import {
  deleteGroupsRoute, describeGroupsRoute, findCoordinatorRoute, heartbeatRoute, joinGroupRoute, leaveGroupRoute, listGroupsRoute, syncGroupRoute,
} from './groups.js';
import { metadataRoute } from './metadata.js';
import { deleteRecordsRoute, listOffsetsRoute } from './offsets.js';
import { produceRoute } from './produce.js';
import type { Route } from './route.js';
import { saslAuthenticateRoute, saslHandshakeRoute } from './sasl.js';
import { createPartitionsRoute, createTopicsRoute, deleteTopicsRoute } from './topics.js';
import {
  addOffsetsToTxnRoute, addPartitionsToTxnRoute, endTxnRoute, initProducerIdRoute, txnOffsetCommitRoute,
} from './transactions.js';

/** Every route, indexed by API key. */
export const ROUTES: ReadonlyMap<number, Route> = new Map([
  produceRoute, fetchRoute, listOffsetsRoute, metadataRoute, offsetCommitRoute, offsetFetchRoute, findCoordinatorRoute,
  joinGroupRoute, heartbeatRoute, leaveGroupRoute, syncGroupRoute, describeGroupsRoute, listGroupsRoute, apiVersionsRoute,
  createTopicsRoute, deleteTopicsRoute, deleteRecordsRoute, initProducerIdRoute, addPartitionsToTxnRoute,
  addOffsetsToTxnRoute, endTxnRoute, txnOffsetCommitRoute, describeConfigsRoute, createPartitionsRoute, deleteGroupsRoute,
  saslHandshakeRoute, saslAuthenticateRoute,
].map((r) => [r.schema.key, r]));
