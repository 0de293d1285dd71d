import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { isNational, Principal } from '@icjims/auth';
import { Json, LogExportRecord, logExportLines, MerkleLogDamagedError } from '@icjims/integrity';
import { hashedFields } from '../access-log/access-chain';
import { accessLogConditions, SqlConditions } from '../access-log/access-log-filter';
import { ACCESS_LOG_NAME, AccessLogRow, accessTree, ENTRY_COLUMNS, entryFromRow } from '../access-log/access-log.store';
import { AccessLogFilter } from '../access-log/dto/access-log-query.dto';
import { AccessLogProofs } from '../transparency/access-log-proofs';
import { ACCESS_LOG_CSV_HEADER, accessLogCsvLine } from './access-log-csv';
import { inBatches, inSnapshot, STREAM_BATCH } from './snapshot-stream';

/**
 * The access log as files, oldest first, filtered like GET /access-logs and narrowed to
 * what the auditor may see. Streamed from one snapshot in keyset batches: a query (or two)
 * per STREAM_BATCH entries, nothing held in memory beyond a batch. Filters and rights are
 * checked before the first line, so a bad request is a problem response, not a broken file.
 */
@Injectable()
export class ExportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly proofs: AccessLogProofs,
  ) {}

  csv(filter: AccessLogFilter, principal: Principal): AsyncIterable<string> {
    const conditions = accessLogConditions(filter, principal);
    return inSnapshot(this.dataSource, async function* (manager) {
      yield ACCESS_LOG_CSV_HEADER;
      for await (const rows of batches(manager, conditions)) yield rows.map((row) => accessLogCsvLine(entryFromRow(row))).join('');
    });
  }

  /**
   * `icjims-log-export/1` (docs/offline-verification.md) against the latest signed tree head:
   * the entries up to its size (later ones are signed at the next checkpoint). The whole log,
   * for a national auditor without filters, is a `full` export that the verifier recomputes
   * the root from, each record with the leaf the stored tree holds; any other selection is
   * `partial`, each record with its inclusion proof (read for a whole batch in one query).
   */
  ndjson(filter: AccessLogFilter, principal: Principal): AsyncIterable<string> {
    const conditions = accessLogConditions(filter, principal);
    const treeHead = this.proofs.latestTreeHead();
    const keyIds = this.proofs.signingKeys().map((key) => key.keyId);
    conditions.add('seq <= ?', treeHead.treeSize);
    const full = isNational(principal) && Object.values(filter).every((value) => value === undefined);
    const selection = Object.fromEntries(Object.entries({ ...filter, callerRegion: principal.region }).filter(([, value]) => value !== undefined)) as Record<string, Json>;
    return inSnapshot(this.dataSource, (manager) =>
      logExportLines(
        { log: ACCESS_LOG_NAME, scope: full ? 'full' : 'partial', treeHead, keyIds, selection },
        exportRecords(manager, conditions, treeHead.treeSize, full),
      ),
    );
  }
}

function batches(manager: EntityManager, conditions: SqlConditions): AsyncGenerator<AccessLogRow[]> {
  return inBatches<AccessLogRow>(manager, (lastSeq) => {
    const sql = conditions.copy();
    if (lastSeq !== undefined) sql.add('seq > ?', lastSeq);
    const limit = sql.param(STREAM_BATCH);
    return { sql: `SELECT ${ENTRY_COLUMNS} FROM access_log ${sql.where()} ORDER BY seq LIMIT ${limit}`, params: sql.params };
  });
}

/**
 * The leaves the stored tree holds for a run of entries, so that the verifier can name a
 * changed entry; none when the stored tree is damaged — the export then still goes out, and
 * its recomputed root shows whether the entries are the signed ones.
 */
async function storedLeaves(manager: EntityManager, start: number, end: number): Promise<Buffer[] | undefined> {
  try {
    return await accessTree.leaves(manager, start, end);
  } catch (error) {
    if (error instanceof MerkleLogDamagedError) return undefined;
    throw error;
  }
}

/** Each entry as a record of the export: its hashed fields (leaf index = seq - 1), with its stored leaf or its proof. */
async function* exportRecords(manager: EntityManager, conditions: SqlConditions, treeSize: number, full: boolean): AsyncGenerator<LogExportRecord> {
  for await (const rows of batches(manager, conditions)) {
    const indexes = rows.map((row) => Number(row.seq) - 1);
    const [stored, proofs] = full
      ? [await storedLeaves(manager, indexes[0], indexes[indexes.length - 1] + 1), undefined]
      : [undefined, await accessTree.inclusionProofs(manager, indexes, treeSize)];
    for (const [position, row] of rows.entries()) {
      yield {
        leafIndex: indexes[position],
        fields: hashedFields(entryFromRow(row)) as unknown as Record<string, Json>,
        // Stored leaves are read by index range: a missing seq must not shift the ones after it.
        storedLeafHash: stored?.[indexes[position] - indexes[0]],
        proof: proofs?.get(indexes[position]),
      };
    }
  }
}
