import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';

/** Creates `path` (failing if it exists) with `content`, flushed to disk before returning. */
export function writeNewFileDurably(path: string, content: string, mode = 0o600): void {
  const fd = openSync(path, 'wx', mode);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes a new or renamed entry in `folder` survive a crash. */
export function syncFolder(folder: string): void {
  const fd = openSync(folder, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
