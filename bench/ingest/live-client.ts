/**
 * Doppel's consumer: a WebSocket client of /api/v1/live subscribed to a set of twins with
 * coalesceMs 0 (every update gets its own frame), timing each `twin.updated` frame against the
 * source time the publisher stamped. It runs in its own process so that its event loop is not
 * shared with the orchestrator or a publisher.
 */
import WebSocket from 'ws';
import type { ServerFrame } from '@doppel/protocol';
import { errorText, runConsumer } from './consumer.js';

runConsumer((command, consumer) => {
  if (command.type !== 'configure-live') return;
  const socket = new WebSocket(`ws://127.0.0.1:${command.httpPort}/api/v1/live`);
  socket.on('error', (error) => consumer.send({ type: 'failed', message: `live: ${errorText(error)}` }));
  socket.on('close', (code, reason) =>
    consumer.send({ type: 'failed', message: `live: socket closed (${code} ${reason.toString()})` }),
  );
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as ServerFrame;
    switch (frame.type) {
      case 'hello':
        socket.send(JSON.stringify({ type: 'subscribe', twins: command.twinIds, coalesceMs: 0, snapshot: false }));
        break;
      case 'subscribed':
        if (frame.unknownTwins.length > 0) {
          consumer.send({
            type: 'failed',
            message: `live: unknown twins ${frame.unknownTwins.slice(0, 5).join(', ')}`,
          });
        } else {
          consumer.send({ type: 'ready', clients: 1 });
        }
        break;
      case 'twin.updated': {
        if (frame.snapshot === true) break;
        // One frame per applied message (coalesceMs 0); all its paths share the message's source time.
        let points = 0;
        let sourceTimeMs = 0;
        for (const name in frame.paths) {
          points++;
          sourceTimeMs = Math.max(sourceTimeMs, frame.paths[name]?.sourceTimeMs ?? 0);
        }
        consumer.received(points, sourceTimeMs);
        break;
      }
      case 'lagging':
        consumer.dropped(frame.droppedFrames);
        break;
      case 'error':
        consumer.send({ type: 'failed', message: `live: ${frame.code}: ${frame.message}` });
        break;
      case 'pong':
      case 'twins.updated': // not asked for (no batch: true): latency is timed per twin frame
      case 'query.result':
      case 'query.changed':
      case 'command.updated':
      case 'discrepancy.raised':
      case 'discrepancy.cleared':
      case 'twin.freshness':
      case 'alert.updated':
        break;
    }
  });
});
