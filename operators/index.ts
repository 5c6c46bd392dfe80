/** The operator library: RxJS operators over in-band `Message` streams. See docs/operators.md. */
export { filterRows } from './filterRows.js';
export { projectRows } from './projectRows.js';
export { limitRows } from './limitRows.js';
export { unionAll } from './unionAll.js';
export { failOnRowError, type RowErrorHandler } from './rowErrors.js';
export { assignWatermarks, type AssignWatermarksConfig } from './assignWatermarks.js';
export { tumbleWindow, type TumbleWindowConfig } from './tumbleWindow.js';
export { hopWindow, type HopWindowConfig } from './hopWindow.js';
export { sessionWindow, type SessionWindowConfig } from './sessionWindow.js';
export { keyedAggregate, type KeyedAggregateConfig } from './keyedAggregate.js';
export { latestByKey } from './latestByKey.js';
export { sortRows } from './sortRows.js';
export { bufferStrategy } from './bufferStrategy.js';
export type { Grouping, AggregateBinding, RowAccumulator, GroupKey } from './aggregation/grouping.js';
export type { LatenessPolicy } from './aggregation/lateness.js';
