import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Principal } from '@icjims/auth';
import { accessLogConditions } from '../access-log/access-log-filter';
import { AccessLogRow, ENTRY_COLUMNS, entryFromRow } from '../access-log/access-log.store';
import { AccessLogFilter } from '../access-log/dto/access-log-query.dto';
import { ACCESS_LOG_CSV_HEADER, accessLogCsvLine } from './access-log-csv';
import { inBatches, inSnapshot, SnapshotQuery, STREAM_BATCH } from './snapshot-stream';

/**
 * The access log as files, oldest first, filtered like GET /access-logs and narrowed to
 * what the auditor may see. Streamed from one snapshot in keyset batches: one query per
 * STREAM_BATCH entries, nothing held in memory beyond a batch.
 */
@Injectable()
export class ExportsService {
  constructor(private readonly dataSource: DataSource) {}

  /** Checks the filter at once (a bad one is a 400 before anything is sent); the lines follow as they are read. */
  csv(filter: AccessLogFilter, principal: Principal): AsyncIterable<string> {
    const entries = this.entries(filter, principal);
    return inSnapshot(this.dataSource, async function* (query) {
      yield ACCESS_LOG_CSV_HEADER;
      for await (const row of entries(query)) yield accessLogCsvLine(entryFromRow(row));
    });
  }

  private entries(filter: AccessLogFilter, principal: Principal): (query: SnapshotQuery) => AsyncGenerator<AccessLogRow> {
    const base = accessLogConditions(filter, principal);
    return (query) =>
      inBatches<AccessLogRow>(query, (lastSeq) => {
        const sql = base.copy();
        if (lastSeq !== undefined) sql.add('seq > ?', lastSeq);
        const limit = sql.param(STREAM_BATCH);
        return { sql: `SELECT ${ENTRY_COLUMNS} FROM access_log ${sql.where()} ORDER BY seq LIMIT ${limit}`, params: sql.params };
      });
  }
}
