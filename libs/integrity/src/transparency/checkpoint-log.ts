import { closeSync, existsSync, fstatSync, fsyncSync, mkdirSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { LOG_NAME, SignedTreeHead } from './tree-head';
import { syncFolder } from './durable-files';

/** What a checkpoint file holds, and any line that is not a checkpoint. */
export interface CheckpointFile {
  checkpoints: SignedTreeHead[];
  /**
   * Lines (1-based) that are not a complete checkpoint. A crash while appending leaves at
   * most a truncated last line; the next append starts on a fresh line, so such a line may
   * also sit between good ones. Anything else here means the file was edited.
   */
  damagedLines: number[];
}

/**
 * Signed tree heads outside the database: `<dir>/<log>.checkpoints.ndjson`, one JSON head a
 * line, appended with O_APPEND and fsync'd before `append` returns. Point `dir` at a WORM
 * mount (or a folder that is shipped elsewhere) to keep them out of reach of whoever runs the
 * database. Reading does not trust the file: callers verify each head's signature.
 */
export class CheckpointLog {
  readonly path: string;

  constructor(
    readonly dir: string,
    readonly log: string,
  ) {
    if (!LOG_NAME.test(log)) throw new RangeError(`log name "${log}" must match ${LOG_NAME}`);
    this.path = join(dir, `${log}.checkpoints.ndjson`);
  }

  append(sth: SignedTreeHead): void {
    if (sth.log !== this.log) throw new RangeError(`a head of log "${sth.log}" does not belong in the checkpoints of "${this.log}"`);
    const created = !existsSync(this.path);
    if (created) mkdirSync(this.dir, { recursive: true });
    const fd = openSync(this.path, 'a+', 0o644); // O_APPEND: every write lands at the end
    try {
      // After a crash mid-line, start on a fresh line so the truncated one stays alone.
      const line = `${endsMidLine(fd) ? '\n' : ''}${JSON.stringify(sth)}\n`;
      writeSync(fd, line);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (created) syncFolder(this.dir);
  }

  /** The newest checkpoint, reading only the end of the file. */
  latest(): SignedTreeHead | undefined {
    if (!existsSync(this.path)) return undefined;
    const fd = openSync(this.path, 'r');
    try {
      const size = fstatSync(fd).size;
      // Read backwards in growing chunks until a complete checkpoint line is found.
      for (let chunk = 16 * 1024; ; chunk *= 4) {
        const start = Math.max(0, size - chunk);
        const buffer = Buffer.alloc(size - start);
        readSync(fd, buffer, 0, buffer.length, start);
        const lines = buffer.toString('utf8').split('\n');
        if (start > 0) lines.shift(); // may begin mid-line
        for (let i = lines.length - 1; i >= 0; i--) {
          const sth = parseCheckpoint(lines[i]);
          if (sth) return sth;
        }
        if (start === 0) return undefined;
      }
    } finally {
      closeSync(fd);
    }
  }

  /** Every checkpoint, oldest first. */
  all(): SignedTreeHead[] {
    return this.read().checkpoints;
  }

  /** Every checkpoint, and the lines that are not one (see CheckpointFile). */
  read(): CheckpointFile {
    if (!existsSync(this.path)) return { checkpoints: [], damagedLines: [] };
    return parseCheckpointLines(readFileSync(this.path, 'utf8'));
  }
}

/** Parses checkpoint NDJSON (a CheckpointLog file, or one an auditor keeps); blank lines are skipped. */
export function parseCheckpointLines(text: string): CheckpointFile {
  const checkpoints: SignedTreeHead[] = [];
  const damagedLines: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const sth = parseCheckpoint(line);
    if (sth) checkpoints.push(sth);
    else damagedLines.push(i + 1);
  });
  return { checkpoints, damagedLines };
}

/** A line that holds a checkpoint-shaped object; its signature is the reader's to check. */
function parseCheckpoint(line: string): SignedTreeHead | undefined {
  if (!line.trim()) return undefined;
  try {
    const value = JSON.parse(line) as Partial<SignedTreeHead> | null;
    if (typeof value !== 'object' || value === null) return undefined;
    const shaped = ['log', 'rootHash', 'timestamp', 'keyId', 'signature'].every((key) => typeof value[key as keyof SignedTreeHead] === 'string');
    return shaped && typeof value.treeSize === 'number' ? (value as SignedTreeHead) : undefined;
  } catch {
    return undefined;
  }
}

function endsMidLine(fd: number): boolean {
  const size = fstatSync(fd).size;
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  return last[0] !== 0x0a;
}
