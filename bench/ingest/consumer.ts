/**
 * What the two consumer processes share (the WebSocket live client for Doppel and the MQTT
 * subscriber for Mosquitto): counters, a latency window and the IPC commands that drive it.
 * Latency = the consumer's Date.now() at arrival − the `ts` the publisher set with Date.now()
 * (same machine clock, so 1 ms resolution; see bench/README.md).
 */
import type { ChildMessage, ConsumerCommand, ConsumerReport } from './ipc.js';
import { asConsumerCommand } from './ipc.js';
import { LatencyRecorder } from './latency.js';

export interface Consumer {
  /** Counts one message of `points` points whose publisher stamped it `sourceTimeMs`. */
  received(points: number, sourceTimeMs: number): void;
  dropped(frames: number): void;
  send(message: ChildMessage): void;
}

export function runConsumer(onCommand: (command: ConsumerCommand, consumer: Consumer) => void): Consumer {
  const recorder = new LatencyRecorder();
  let recording = false;
  let windowEnded = false;
  let messages = 0;
  let points = 0;
  let droppedFrames = 0;

  const send = (message: ChildMessage): void => {
    process.send?.(message);
  };
  const report = (): ConsumerReport => ({
    type: 'consumer-report',
    messages,
    points,
    droppedFrames,
    latency: windowEnded || recording ? recorder.summary() : null,
  });
  const consumer: Consumer = {
    received(count, sourceTimeMs) {
      messages++;
      points += count;
      if (recording) recorder.record(Date.now() - sourceTimeMs);
    },
    dropped(frames) {
      droppedFrames += frames;
    },
    send,
  };

  process.on('message', (raw) => {
    const command = asConsumerCommand(raw);
    switch (command.type) {
      case 'record-start':
        recorder.reset();
        recording = true;
        windowEnded = false;
        break;
      case 'record-stop':
        recording = false;
        windowEnded = true;
        send(report());
        break;
      case 'report':
        send(report());
        break;
      case 'stop':
        send(report());
        process.disconnect?.();
        process.exit(0);
        break;
      case 'configure-live':
      case 'configure-subscriber':
        setTimeout(() => process.exit(4), Math.max(0, command.deadlineMs - Date.now())).unref();
        onCommand(command, consumer);
        break;
    }
  });
  process.on('disconnect', () => process.exit(0));
  return consumer;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
