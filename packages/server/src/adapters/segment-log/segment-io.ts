import { close, fdatasync, fsync, ftruncate, open, read, unlink, write } from 'node:fs';

/**
 * The file operations of the log after `open`, all asynchronous so that a slow disk never blocks
 * the event loop. A port so that tests can inject ENOSPC or EIO; `nodeSegmentIo` is the real one.
 */
export interface SegmentIo {
  open(path: string, flags: 'r' | 'r+' | 'w'): Promise<number>;
  /** Writes all of `data` at `position`, looping over short writes. */
  writeAll(fd: number, data: Buffer, position: number): Promise<void>;
  read(fd: number, target: Buffer, length: number, position: number): Promise<number>;
  fdatasync(fd: number): Promise<void>;
  ftruncate(fd: number, bytes: number): Promise<void>;
  close(fd: number): Promise<void>;
  unlink(path: string): Promise<void>;
  /** fsync of a directory, so that files created or removed in it survive a power cut. */
  syncDir(path: string): Promise<void>;
}

function done<T>(resolve: (value: T) => void, reject: (error: Error) => void) {
  return (error: Error | null, value: T) => (error === null ? resolve(value) : reject(error));
}

function writeOnce(fd: number, data: Buffer, at: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => write(fd, data, at, data.byteLength - at, position, done(resolve, reject)));
}

export const nodeSegmentIo: SegmentIo = {
  open: (path, flags) => new Promise((resolve, reject) => open(path, flags, done(resolve, reject))),
  async writeAll(fd, data, position) {
    let written = 0;
    while (written < data.byteLength) {
      const bytes = await writeOnce(fd, data, written, position + written);
      if (bytes === 0) throw new Error(`write() made no progress at position ${position + written}`);
      written += bytes;
    }
  },
  read: (fd, target, length, position) =>
    new Promise((resolve, reject) => read(fd, target, 0, length, position, done(resolve, reject))),
  fdatasync: (fd) => new Promise((resolve, reject) => fdatasync(fd, (error) => (error ? reject(error) : resolve()))),
  ftruncate: (fd, bytes) =>
    new Promise((resolve, reject) => ftruncate(fd, bytes, (error) => (error ? reject(error) : resolve()))),
  close: (fd) => new Promise((resolve, reject) => close(fd, (error) => (error ? reject(error) : resolve()))),
  unlink: (path) => new Promise((resolve, reject) => unlink(path, (error) => (error ? reject(error) : resolve()))),
  async syncDir(path) {
    const fd = await nodeSegmentIo.open(path, 'r');
    try {
      await new Promise<void>((resolve, reject) => fsync(fd, (error) => (error ? reject(error) : resolve())));
    } finally {
      await nodeSegmentIo.close(fd);
    }
  },
};
