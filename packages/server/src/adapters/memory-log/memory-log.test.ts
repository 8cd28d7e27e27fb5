import { describeEventLogContract } from '../../log/event-log.contract.js';
import { MemoryLog } from './memory-log.js';

describeEventLogContract('MemoryLog', () => Promise.resolve(new MemoryLog()), { durable: false });
