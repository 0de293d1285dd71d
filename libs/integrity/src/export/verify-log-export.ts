import { canonicalJson, Json } from '../hash-chain';
import { EMPTY_ROOT, leafHash, RootBuilder, verifyConsistency, verifyInclusion } from '../merkle/merkle';
import { PublicKeyInfo, SignedTreeHead, treeHeadProblem, treeHeadShapeProblem } from '../transparency/tree-head';
import { ExportConsistency, LOG_EXPORT_FORMAT, LogExportHeader, LogExportScope } from './log-export';

/**
 * What each check of an export covers (docs/offline-verification.md explains each to auditors):
 * - format: a line that is not what the format says (not JSON, a field missing or malformed);
 * - signature: the tree head is not signed by a key of the auditor's keyring;
 * - leaf-hash: a record's fields do not hash to the leaf hash the line carries;
 * - inclusion: a record's inclusion proof does not lead to the signed root;
 * - order: records out of order, repeated, missing from a full export, or beyond the tree;
 * - root: a full export's records do not hash to the signed root;
 * - completeness: the export was cut short (no trailer) or its count does not match;
 * - consistency: the tree head does not extend the earlier head the export or a checkpoint names;
 * - checkpoint: a checkpoint the auditor gave is not validly signed or is of another log.
 */
export type ExportCheck = 'format' | 'signature' | 'leaf-hash' | 'inclusion' | 'order' | 'root' | 'completeness' | 'consistency' | 'checkpoint';

export interface ExportProblem {
  check: ExportCheck;
  message: string;
  /** 1-based line of the export. */
  line?: number;
  leafIndex?: number;
}

export interface ExportVerdict {
  valid: boolean;
  log?: string;
  scope?: LogExportScope;
  treeHead?: SignedTreeHead;
  /** Record lines read. */
  records: number;
  /** Checkpoints compared with the export, and those that it could not be compared with (partial exports). */
  checkpointsChecked: number;
  checkpointsNotComparable: number;
  /** The size of the earlier head the export's consistency proof starts from, when it has one. */
  consistencyFrom?: number;
  /** The first problems found (at most MAX_REPORTED_PROBLEMS), in the order found. */
  problems: ExportProblem[];
  problemCount: number;
}

export interface VerifyLogExportOptions {
  /** Signed heads the auditor kept from earlier (their own copies, or another service's witnesses). */
  checkpoints?: readonly SignedTreeHead[];
}

export const MAX_REPORTED_PROBLEMS = 200;

const HEX_HASH = /^[0-9a-f]{64}$/;

/**
 * Checks an `icjims-log-export/1` export, streaming (a full export of millions of records
 * holds O(log n) hashes in memory): the head's signature with the auditor's keyring, every
 * record's leaf hash and inclusion proof (or, for a full export, the recomputed root), the
 * order and count of the records, the consistency proof, and the auditor's checkpoints.
 */
export async function verifyLogExport(
  lines: AsyncIterable<string> | Iterable<string>,
  keyring: readonly PublicKeyInfo[],
  options: VerifyLogExportOptions = {},
): Promise<ExportVerdict> {
  const verifier = new ExportVerifier(keyring, options.checkpoints ?? []);
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    // A byte-order mark, as some editors and Windows tools write, is not part of the JSON.
    verifier.line(lineNumber, lineNumber === 1 ? line.replace(/^\uFEFF/, '') : line);
  }
  return verifier.finish(lineNumber);
}

class ExportVerifier {
  private readonly problems: ExportProblem[] = [];
  private problemCount = 0;
  private header: LogExportHeader | undefined;
  private consistency: ExportConsistency | undefined;
  private headerBroken = false;
  private rootHash = EMPTY_ROOT;
  private records = 0;
  private nextIndex = 0;
  private trailer: { line: number; records: number } | undefined;
  private afterTrailer = false;
  private readonly root = new RootBuilder();
  /** Checkpoints of a full export still to compare, smallest first. */
  private pending: SignedTreeHead[] = [];
  private checkpointsChecked = 0;
  private checkpointsNotComparable = 0;

  constructor(
    private readonly keyring: readonly PublicKeyInfo[],
    private readonly checkpoints: readonly SignedTreeHead[],
  ) {}

  line(number: number, text: string): void {
    if (this.headerBroken) return;
    if (!text.trim()) {
      if (number === 1) this.fatal(number, 'the first line must be the export header, and it is empty');
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      if (number === 1) return this.fatal(number, 'the first line is not JSON: this is not an icjims-log-export/1 file');
      if (!this.afterTrailer) this.records += 1; // a record line, broken
      return this.report({ check: 'format', line: number, message: 'the line is not JSON' });
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      if (number === 1) this.fatal(number, 'the first line is not a JSON object');
      else this.report({ check: 'format', line: number, message: 'the line is not a JSON object' });
      return;
    }
    const object = value as Record<string, unknown>;
    if (number === 1) return this.readHeader(object);
    if (this.afterTrailer) return this.report({ check: 'completeness', line: number, message: 'a line follows the trailer' });
    if ('end' in object) return this.readTrailer(number, object);
    this.readRecord(number, object);
  }

  finish(lines: number): ExportVerdict {
    const header = this.header;
    if (!header && !this.headerBroken) this.fatal(1, 'the export is empty');
    if (header) {
      if (!this.trailer) {
        this.report({ check: 'completeness', line: lines, message: `the export ends at line ${lines} without its trailer line: it was cut short` });
      } else if (this.trailer.records !== this.records) {
        this.report({ check: 'completeness', line: this.trailer.line, message: `the trailer counts ${this.trailer.records} records, the export has ${this.records}` });
      }
      if (header.scope === 'full') this.finishFull(header);
    }
    return {
      valid: this.problemCount === 0,
      log: header?.log,
      scope: header?.scope,
      treeHead: header?.treeHead,
      records: this.records,
      checkpointsChecked: this.checkpointsChecked,
      checkpointsNotComparable: this.checkpointsNotComparable,
      consistencyFrom: this.consistency?.treeSize,
      problems: this.problems,
      problemCount: this.problemCount,
    };
  }

  private readHeader(object: Record<string, unknown>): void {
    if (object.format !== LOG_EXPORT_FORMAT) return this.fatal(1, `the header's format is ${JSON.stringify(object.format)}, not "${LOG_EXPORT_FORMAT}"`);
    if (object.scope !== 'full' && object.scope !== 'partial') return this.fatal(1, 'the header\'s scope must be "full" or "partial"');
    const shapeProblem = treeHeadShapeProblem(object.treeHead);
    if (shapeProblem) return this.fatal(1, `the header's treeHead: ${shapeProblem}`);
    const treeHead = object.treeHead as SignedTreeHead;
    const signatureProblem = treeHeadProblem(treeHead, this.keyring);
    if (signatureProblem) {
      const known = this.keyring.some((key) => key.keyId === treeHead.keyId);
      const expected = !known && Array.isArray(object.keyIds) ? ` (the export says its producer signs with ${object.keyIds.join(', ')})` : '';
      this.report({ check: 'signature', line: 1, message: `the tree head cannot be trusted: ${signatureProblem}${expected}` });
    }
    if (object.log !== treeHead.log) return this.fatal(1, `the header names log ${JSON.stringify(object.log)} but its tree head is of "${treeHead.log}"`);
    this.header = object as unknown as LogExportHeader;
    this.rootHash = Buffer.from(treeHead.rootHash, 'hex');
    this.consistency = this.checkConsistencyProof(this.header);
    this.planCheckpoints(this.header);
  }

  /** The export's own consistency proof, from the earlier head it names to its tree head; that head when well formed. */
  private checkConsistencyProof(header: LogExportHeader): ExportConsistency | undefined {
    const consistency = header.consistency as unknown;
    if (consistency === undefined) return undefined;
    const claim = consistency as Record<string, unknown>;
    const size = claim?.treeSize;
    if (
      typeof claim !== 'object' || claim === null || typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0 ||
      typeof claim.rootHash !== 'string' || !HEX_HASH.test(claim.rootHash) || !isHashList(claim.proof)
    ) {
      this.report({ check: 'format', line: 1, message: 'the header\'s consistency must hold treeSize, rootHash (hex) and proof (a list of hex hashes)' });
      return undefined;
    }
    const proof = (claim.proof as string[]).map((hash) => Buffer.from(hash, 'hex'));
    if (!verifyConsistency(size, header.treeHead.treeSize, Buffer.from(claim.rootHash, 'hex'), this.rootHash, proof)) {
      this.report({
        check: 'consistency',
        line: 1,
        message: `the consistency proof does not show that the tree head (size ${header.treeHead.treeSize}) extends the earlier head of size ${size}, root ${claim.rootHash}`,
      });
    }
    return { treeSize: size, rootHash: claim.rootHash, proof: claim.proof as string[] };
  }

  /**
   * Checkpoints are compared in one of three ways: at the tree head's own size (same root);
   * at the size of the export's consistency proof (same root as the proof starts from); and,
   * in a full export, at any earlier size (the root of the first records, computed on the way).
   */
  private planCheckpoints(header: LogExportHeader): void {
    const size = header.treeHead.treeSize;
    const valid = this.checkpoints.filter((checkpoint, i) => {
      const problem = treeHeadProblem(checkpoint, this.keyring);
      if (problem) this.report({ check: 'checkpoint', message: `checkpoint ${i + 1} is not valid: ${problem}` });
      else if (checkpoint.log !== header.log) this.report({ check: 'checkpoint', message: `checkpoint ${i + 1} is of log "${checkpoint.log}", the export of "${header.log}"` });
      return !problem && checkpoint.log === header.log;
    });
    const latest = valid.reduce<SignedTreeHead | undefined>((a, b) => (!a || b.treeSize > a.treeSize ? b : a), undefined);
    for (const checkpoint of valid) {
      const label = `your checkpoint of size ${checkpoint.treeSize} (signed ${checkpoint.timestamp})`;
      if (checkpoint.treeSize > size) {
        this.checkpointsChecked += 1;
        this.report({
          check: 'consistency',
          message: `${label} is larger than the export's tree head (size ${size}): a log never shrinks, so the log was truncated or rolled back, or the export is older than your checkpoint`,
        });
      } else if (checkpoint.treeSize === size) {
        this.compareRoot(checkpoint, this.rootHash, `the export's tree head of the same size has root ${header.treeHead.rootHash}`);
      } else if (header.scope === 'full') {
        this.pending.push(checkpoint);
      } else if (this.consistency && checkpoint.treeSize === this.consistency.treeSize) {
        this.compareRoot(checkpoint, Buffer.from(this.consistency.rootHash, 'hex'), `the export's consistency proof starts from root ${this.consistency.rootHash}`);
      } else if (checkpoint === latest) {
        this.checkpointsChecked += 1;
        this.report({
          check: 'consistency',
          message: `${label} cannot be compared: the export has ${this.consistency ? `a consistency proof from size ${this.consistency.treeSize} only` : 'no consistency proof'}; ask for one from size ${checkpoint.treeSize}`,
        });
      } else {
        this.checkpointsNotComparable += 1;
      }
    }
    this.pending.sort((a, b) => a.treeSize - b.treeSize);
    this.comparePendingCheckpoints();
  }

  private compareRoot(checkpoint: SignedTreeHead, root: Buffer, what: string): void {
    this.checkpointsChecked += 1;
    if (root.toString('hex') !== checkpoint.rootHash) {
      this.report({
        check: 'consistency',
        message: `your checkpoint of size ${checkpoint.treeSize} (signed ${checkpoint.timestamp}) has root ${checkpoint.rootHash}, but ${what}: the log was rewritten at or before leaf ${checkpoint.treeSize - 1}`,
      });
    }
  }

  /** Full exports: compares every checkpoint whose size the records have reached. */
  private comparePendingCheckpoints(): void {
    while (this.pending.length && this.pending[0].treeSize === this.root.size) {
      const checkpoint = this.pending.shift()!;
      this.compareRoot(checkpoint, this.root.root(), `the first ${checkpoint.treeSize} records of the export hash to ${this.root.root().toString('hex')}`);
    }
  }

  private readRecord(number: number, object: Record<string, unknown>): void {
    const header = this.header!;
    this.records += 1;
    const { leafIndex, fields } = object;
    if (typeof leafIndex !== 'number' || !Number.isSafeInteger(leafIndex) || leafIndex < 0) {
      return this.report({ check: 'format', line: number, message: 'leafIndex must be a non-negative integer' });
    }
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
      return this.report({ check: 'format', line: number, leafIndex, message: 'fields must be a JSON object' });
    }
    let leaf: Buffer;
    try {
      leaf = leafHash(canonicalJson(fields as Json));
    } catch {
      return this.report({ check: 'format', line: number, leafIndex, message: 'fields hold a value canonical JSON cannot carry' });
    }
    if (object.leafHash !== undefined) {
      if (typeof object.leafHash !== 'string' || !HEX_HASH.test(object.leafHash)) {
        this.report({ check: 'format', line: number, leafIndex, message: 'leafHash must be 64 lower-case hex digits' });
      } else if (object.leafHash !== leaf.toString('hex')) {
        this.report({
          check: 'leaf-hash',
          line: number,
          leafIndex,
          message: `the record's fields hash to ${leaf.toString('hex')}, but the tree's leaf is ${object.leafHash}: the record was changed after it was logged`,
        });
      }
    }
    if (header.scope === 'full') this.readFullRecord(number, leafIndex, leaf);
    else this.readPartialRecord(number, leafIndex, leaf, object.proof);
  }

  private readFullRecord(number: number, leafIndex: number, leaf: Buffer): void {
    const size = this.header!.treeHead.treeSize;
    if (leafIndex !== this.nextIndex) {
      const missing = leafIndex - this.nextIndex;
      const what = missing === 1 ? `leaf ${this.nextIndex} is missing`
        : missing > 1 ? `leaves ${this.nextIndex}…${leafIndex - 1} are missing`
        : `leaf ${leafIndex} is repeated or out of order`;
      this.report({ check: 'order', line: number, leafIndex, message: `expected leaf ${this.nextIndex} here: ${what}` });
    }
    this.nextIndex = Math.max(this.nextIndex, leafIndex + 1);
    if (this.root.size >= size) {
      this.report({ check: 'order', line: number, leafIndex, message: `a full export of a tree of ${size} leaves has more records than that` });
      return;
    }
    this.root.push(leaf);
    this.comparePendingCheckpoints();
  }

  private readPartialRecord(number: number, leafIndex: number, leaf: Buffer, proof: unknown): void {
    const size = this.header!.treeHead.treeSize;
    if (leafIndex >= size) {
      return this.report({ check: 'order', line: number, leafIndex, message: `leaf ${leafIndex} is beyond the tree head's ${size} leaves` });
    }
    if (leafIndex < this.nextIndex) {
      this.report({ check: 'order', line: number, leafIndex, message: `records must come in increasing leaf order; leaf ${leafIndex} follows leaf ${this.nextIndex - 1}` });
    }
    this.nextIndex = Math.max(this.nextIndex, leafIndex + 1);
    if (!isHashList(proof)) return this.report({ check: 'format', line: number, leafIndex, message: 'proof must be a list of hex hashes' });
    const path = proof.map((hash) => Buffer.from(hash, 'hex'));
    if (!verifyInclusion(leafIndex, size, leaf, path, this.rootHash)) {
      this.report({
        check: 'inclusion',
        line: number,
        leafIndex,
        message: `the record is not leaf ${leafIndex} of the tree of size ${size} with root ${this.header!.treeHead.rootHash}: its fields or its proof were changed, or it was never logged there`,
      });
    }
  }

  private readTrailer(number: number, object: Record<string, unknown>): void {
    this.afterTrailer = true;
    if (object.end !== LOG_EXPORT_FORMAT || typeof object.records !== 'number') {
      return this.report({ check: 'format', line: number, message: `the trailer must be {"end":"${LOG_EXPORT_FORMAT}","records":N}` });
    }
    this.trailer = { line: number, records: object.records };
  }

  private finishFull(header: LogExportHeader): void {
    const size = header.treeHead.treeSize;
    if (this.root.size < size) {
      this.report({ check: 'order', leafIndex: this.root.size, message: `a full export of a tree of ${size} leaves has only ${this.root.size} records in place` });
    }
    for (const checkpoint of this.pending) {
      this.checkpointsChecked += 1;
      this.report({ check: 'consistency', message: `your checkpoint of size ${checkpoint.treeSize} could not be compared: the export stops before that many records` });
    }
    if (this.root.size === size && !this.root.root().equals(this.rootHash)) {
      this.report({
        check: 'root',
        message: `the ${size} records hash to root ${this.root.root().toString('hex')}, but the tree head says ${header.treeHead.rootHash}: a record was changed, added, removed or moved`,
      });
    }
  }

  private fatal(line: number, message: string): void {
    this.headerBroken = true;
    this.report({ check: 'format', line, message });
  }

  private report(problem: ExportProblem): void {
    this.problemCount += 1;
    if (this.problems.length < MAX_REPORTED_PROBLEMS) this.problems.push(problem);
  }
}

function isHashList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((hash) => typeof hash === 'string' && HEX_HASH.test(hash));
}
