import { canonicalJson, Json } from '../hash-chain';
import { leafHash } from '../merkle/merkle';
import { SignedTreeHead } from '../transparency/tree-head';

/**
 * `icjims-log-export/1`: a log's records with what an auditor needs to check them offline
 * against a signed tree head (docs/offline-verification.md is the reference). NDJSON, UTF-8,
 * one JSON object a line:
 *
 *     {"format":"icjims-log-export/1","log":…,"scope":"full"|"partial","treeHead":{…},"keyIds":[…],"consistency"?:{…}}
 *     {"leafIndex":0,"fields":{…},"leafHash"?:"…","proof"?:["…",…]}          one per record
 *     {"end":"icjims-log-export/1","records":N}
 *
 * - The leaf of a record is leafHash(UTF-8 of canonicalJson(fields)) (RFC 9162 leaf hash).
 * - `full`: the records are leaves 0 … treeSize-1, in order, without proofs; the verifier
 *   recomputes the root. `partial`: any selection, in increasing leaf order, each with its
 *   inclusion proof in the tree of treeHead.treeSize.
 * - `leafHash`, when present, is the leaf the log's tree stores for that index; a record
 *   whose fields no longer hash to it is named by line.
 * - `consistency` proves treeHead extends an earlier head of treeSize/rootHash (RFC 9162
 *   consistency proof), which an auditor compares with a checkpoint they kept.
 * - The trailer shows that nothing was cut off the end.
 */
export const LOG_EXPORT_FORMAT = 'icjims-log-export/1';

export type LogExportScope = 'full' | 'partial';

export interface LogExportHeader {
  format: typeof LOG_EXPORT_FORMAT;
  log: string;
  scope: LogExportScope;
  /** The signed head every record is proven against. */
  treeHead: SignedTreeHead;
  /** The keys the producer's keyring holds; the auditor verifies with keys obtained on their own. */
  keyIds: string[];
  consistency?: ExportConsistency;
  /** Free description of the selection (e.g. the query of a partial export); not verified. */
  selection?: Record<string, Json>;
}

export interface ExportConsistency {
  /** The earlier head, as the log had it. */
  treeSize: number;
  rootHash: string;
  /** RFC 9162 consistency proof from that head to `treeHead`, hex. */
  proof: string[];
}

export interface LogExportRecordLine {
  leafIndex: number;
  fields: { [key: string]: Json };
  leafHash?: string;
  proof?: string[];
}

export interface LogExportTrailer {
  end: typeof LOG_EXPORT_FORMAT;
  records: number;
}

/** What a producer hands the writer for each record. */
export interface LogExportRecord {
  leafIndex: number;
  /** The hashed fields of the record: exactly the object its leaf is the hash of. */
  fields: { [key: string]: Json };
  /** The leaf hash the tree stores for this index (MerkleLog.leaves), if the producer read it. */
  storedLeafHash?: Buffer;
  /** Its inclusion proof (partial exports). */
  proof?: Buffer[];
}

export interface LogExportOptions {
  log: string;
  scope: LogExportScope;
  treeHead: SignedTreeHead;
  keyIds: string[];
  /** An earlier head and the proof that treeHead extends it (MerkleLog.consistencyProof). */
  consistency?: { treeSize: number; rootHash: Buffer; proof: Buffer[] };
  selection?: Record<string, Json>;
}

/** The leaf data convention of both logs: the UTF-8 canonical JSON of the record's hashed fields. */
export function recordLeafHash(fields: { [key: string]: Json }): Buffer {
  return leafHash(canonicalJson(fields));
}

/** The lines of an export (each ending in a line feed): header, records in the order given, trailer. */
export async function* logExportLines(options: LogExportOptions, records: AsyncIterable<LogExportRecord> | Iterable<LogExportRecord>): AsyncGenerator<string> {
  if (options.treeHead.log !== options.log) throw new RangeError(`the tree head is of log "${options.treeHead.log}", not "${options.log}"`);
  const header: LogExportHeader = {
    format: LOG_EXPORT_FORMAT,
    log: options.log,
    scope: options.scope,
    treeHead: options.treeHead,
    keyIds: options.keyIds,
    ...(options.consistency && {
      consistency: {
        treeSize: options.consistency.treeSize,
        rootHash: options.consistency.rootHash.toString('hex'),
        proof: options.consistency.proof.map((hash) => hash.toString('hex')),
      },
    }),
    ...(options.selection && { selection: options.selection }),
  };
  yield `${JSON.stringify(header)}\n`;
  let count = 0;
  for await (const record of records) {
    if (options.scope === 'partial' && !record.proof) throw new RangeError(`record ${record.leafIndex} of a partial export needs its inclusion proof`);
    const line: LogExportRecordLine = {
      leafIndex: record.leafIndex,
      fields: record.fields,
      ...(record.storedLeafHash && { leafHash: record.storedLeafHash.toString('hex') }),
      ...(options.scope === 'partial' && { proof: record.proof!.map((hash) => hash.toString('hex')) }),
    };
    yield `${JSON.stringify(line)}\n`;
    count += 1;
  }
  const trailer: LogExportTrailer = { end: LOG_EXPORT_FORMAT, records: count };
  yield `${JSON.stringify(trailer)}\n`;
}

/** Writes an export to a stream (an HTTP response, a file), waiting whenever the stream asks to. */
export async function writeLogExport(
  out: NodeJS.WritableStream,
  options: LogExportOptions,
  records: AsyncIterable<LogExportRecord> | Iterable<LogExportRecord>,
): Promise<void> {
  for await (const line of logExportLines(options, records)) {
    if (!out.write(line)) await drained(out);
  }
}

/** Resolves when the stream wants more; rejects if it closes or fails first (a client that went away). */
function drained(out: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (error?: Error) => {
      out.off('drain', onDrain).off('close', onClose).off('error', settle);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => settle();
    const onClose = () => settle(new Error('the export stream closed before the export was written'));
    out.on('drain', onDrain).on('close', onClose).on('error', settle);
  });
}
