export type { EventLog, EventLogStats, FsyncPolicy, LogOffset, LogRecordView, ReadOptions } from './event-log.js';
export type { EventLogErrorReason } from './event-log-error.js';
export { EventLogError, isEventLogError } from './event-log-error.js';
