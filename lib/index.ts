/**
 * FerrisStreams for TypeScript: the library API. See README.md for an example.
 */
export { FerrisEngine, type StreamDefinition, type EngineOptions, type BadRecordEvent, type LateRowEvent } from './engine/ferrisEngine.js';
export type { ColumnTypes } from './engine/columnTypes.js';
export type { InputRow } from './engine/rowConversion.js';
export { loadApp, startApp, type AppOptions } from './runtime/app.js';
export { Pipeline, type JobOutcome } from './runtime/pipeline.js';
export { createLogger, silentLogger, type Logger, type LogLevel } from './runtime/logger.js';
export { parseSql, parseExpression } from './sql/parser.js';
export { toSql } from './sql/toSql.js';
export { Decimal } from './types/decimal.js';
export { FerrisError, type ErrorCode, type SourceLocation } from './types/errors.js';
export type { Message, DataMessage, WatermarkMessage, BarrierMessage } from './types/message.js';
export type { Schema } from './types/schema.js';
export type { SqlType, Field } from './types/sqlType.js';
export type { Row, Value } from './types/value.js';
export type { Source, Sink, SourceFactory, SinkFactory } from './connectors/types.js';
export { registerSourceFactory, registerSinkFactory } from './connectors/registry.js';
export { startBroker, type EmbeddedBroker } from './broker/library.js';
export type { BrokerOptions } from './broker/options.js';
export type { FaultAction, FaultRule } from './broker/faults.js';
