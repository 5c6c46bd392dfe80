/** The operator library: RxJS operators over in-band `Message` streams. See docs/operators.md. */
export { filterRows } from './filterRows.js';
export { projectRows } from './projectRows.js';
export { limitRows } from './limitRows.js';
export { unionAll } from './unionAll.js';
export { failOnRowError, type RowErrorHandler } from './rowErrors.js';
