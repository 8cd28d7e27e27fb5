import { describeEventLogContract } from '../../log/event-log.contract.js';
import { SegmentLog } from './segment-log.js';

describeEventLogContract('SegmentLog', (dir) => Promise.resolve(new SegmentLog({ dir })), { durable: true });

// Small segments and groups, so that the contract also runs across rollovers and split groups.
describeEventLogContract(
  'SegmentLog (small segments)',
  (dir) =>
    Promise.resolve(
      new SegmentLog({
        dir,
        segmentBytesMax: 4_096,
        groupCommitBytesMax: 2_048,
        indexEveryRecords: 4,
        readChunkBytes: 1_024,
      }),
    ),
  { durable: true },
);
