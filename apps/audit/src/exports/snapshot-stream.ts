import { StreamableFile } from '@nestjs/common';
import { Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';

/** Rows read per query when a download streams: a round trip per this many entries. */
export const STREAM_BATCH = 1000;

/**
 * Runs `produce` on one database connection in a REPEATABLE READ, READ ONLY transaction, so
 * everything it reads belongs to one consistent snapshot however long the download takes
 * (appends go on meanwhile; they are not part of it). The connection is taken when the
 * first line is asked for and given back when the last is read or the client goes away.
 */
export async function* inSnapshot<T>(dataSource: DataSource, produce: (manager: EntityManager) => AsyncIterable<T>): AsyncGenerator<T> {
  const runner = dataSource.createQueryRunner();
  let open = false;
  try {
    await runner.connect();
    await runner.query('START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    open = true;
    yield* produce(runner.manager);
    open = false;
    await runner.query('COMMIT');
  } finally {
    if (open) await runner.query('ROLLBACK').catch(() => undefined);
    await runner.release();
  }
}

/**
 * A query's rows in keyset batches of STREAM_BATCH, in `seq` order: `sqlAfter(lastSeq)` gives
 * the statement and parameters of the batch after the given seq (undefined for the first); it
 * must order by seq and take STREAM_BATCH rows.
 */
export async function* inBatches<Row extends { seq: string | number }>(
  manager: EntityManager,
  sqlAfter: (lastSeq: number | undefined) => { sql: string; params: unknown[] },
): AsyncGenerator<Row[]> {
  for (let lastSeq: number | undefined; ; ) {
    const { sql, params } = sqlAfter(lastSeq);
    const rows: Row[] = await manager.query(sql, params);
    if (rows.length) yield rows;
    if (rows.length < STREAM_BATCH) return;
    lastSeq = Number(rows[rows.length - 1].seq);
  }
}

/**
 * A download of `lines` as it is produced, with backpressure. A failure half-way breaks the
 * connection instead of ending the body normally, so that a cut-off file cannot pass for a
 * complete one.
 */
export function download(lines: AsyncIterable<string>, type: string, filename: string): StreamableFile {
  return new StreamableFile(Readable.from(lines), { type, disposition: `attachment; filename="${filename}"` }).setErrorHandler((_error, response) => {
    if (!response.destroyed) response.destroy?.();
  });
}
