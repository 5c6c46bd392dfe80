/*
 * The parts of RxJS the engine uses at run time, each imported from its own module rather than
 * from the package's index: the index loads all of RxJS (about 450 files, some 60 ms of a
 * process's start-up), these load about 55. Every value import of RxJS in `lib/` and
 * `operators/` goes through this file; type-only imports (`import type { ... } from 'rxjs'`)
 * cost nothing at run time and stay on the index. The classes are the very ones the index
 * exports (the same files), so Observables of callers that import `rxjs` work alike.
 */
export { Observable } from 'rxjs/internal/Observable';
export { asyncScheduler } from 'rxjs/internal/scheduler/async';
export { isObservable } from 'rxjs/internal/util/isObservable';
export { share } from 'rxjs/internal/operators/share';
export { of } from 'rxjs/internal/observable/of';
export { EMPTY } from 'rxjs/internal/observable/empty';
export { Subject } from 'rxjs/internal/Subject';
export { from } from 'rxjs/internal/observable/from';
export { map } from 'rxjs/internal/operators/map';
export { concatMap } from 'rxjs/internal/operators/concatMap';
