import { EntityManager } from 'typeorm';
import { MerkleLog } from '@icjims/integrity';
import { insertedBeforeOpenTransactions } from '@icjims/messaging';
import { ProceduralStep } from '../steps/step.entity';

/** The name of the log in signed tree heads, checkpoint files and exports. */
export const JOURNAL_LOG = 'procedural-journal';

/** One tree over the journals of every case of the installation. */
export const journalTree = new MerkleLog('journal_tree');

/** A step with the leaf it is in the journal tree. */
export interface SealedStep {
  leafIndex: number;
  step: ProceduralStep;
}

/** A leaf position as the database holds it: the step, or nothing when its step is gone. */
export interface LeafRow {
  leafIndex: number;
  step: ProceduralStep | undefined;
}

interface StepRow {
  leaf_index?: string;
  id: string | null;
  case_id: string;
  sequence: number;
  step_type: string;
  occurred_at: Date;
  recorded_at: Date;
  recorded_by: string;
  person_id: string | null;
  details: ProceduralStep['details'];
  corrects_step_id: string | null;
  prev_hash: string;
  hash: string;
}

const STEP_COLUMNS = 's.id, s.case_id, s.sequence, s.step_type, s.occurred_at, s.recorded_at, s.recorded_by, s.person_id, s.details, s.corrects_step_id, s.prev_hash, s.hash';

function stepOf(row: StepRow): ProceduralStep {
  return Object.assign(new ProceduralStep(), {
    id: row.id,
    caseId: row.case_id,
    sequence: row.sequence,
    stepType: row.step_type,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    recordedBy: row.recorded_by,
    personId: row.person_id,
    details: row.details,
    correctsStepId: row.corrects_step_id,
    prevHash: row.prev_hash,
    hash: row.hash,
  });
}

/** The SQL of the journal tree's side of the steps: which step is which leaf, and what awaits sealing. */
export const journalTreeStore = {
  /**
   * The next committed steps not yet in the tree, in the order they go in: by recording
   * transaction, then case and sequence, only below the oldest transaction still open.
   * The caller holds the sealer's lock.
   */
  async unsealed(manager: EntityManager, limit: number): Promise<ProceduralStep[]> {
    const [last]: { transaction_id: string; case_id: string; sequence: number }[] = await manager.query(
      `SELECT s.transaction_id, s.case_id, s.sequence FROM step_leaves l JOIN steps s ON s.id = l.step_id ORDER BY l.leaf_index DESC LIMIT 1`,
    );
    const rows: StepRow[] = await manager.query(
      `SELECT ${STEP_COLUMNS} FROM steps s
        WHERE ${insertedBeforeOpenTransactions('s.transaction_id')}
          ${last ? 'AND (s.transaction_id, s.case_id, s.sequence) > ($2::xid8, $3::uuid, $4::int)' : ''}
        ORDER BY s.transaction_id, s.case_id, s.sequence
        LIMIT $1`,
      last ? [limit, last.transaction_id, last.case_id, last.sequence] : [limit],
    );
    return rows.map(stepOf);
  },

  /** Records that `stepIds` are the leaves from `firstLeafIndex` on, in order. */
  async recordLeaves(manager: EntityManager, firstLeafIndex: number, stepIds: string[]): Promise<void> {
    await manager.query(`INSERT INTO step_leaves (leaf_index, step_id) SELECT $1::bigint + i - 1, id FROM unnest($2::uuid[]) WITH ORDINALITY AS t (id, i)`, [
      firstLeafIndex,
      stepIds,
    ]);
  },

  /** The case's steps in sequence order and, in one query, the leaf of each sealed one by step id. */
  async stepsOfCase(manager: EntityManager, caseId: string): Promise<{ steps: ProceduralStep[]; leaves: Map<string, number> }> {
    const rows: StepRow[] = await manager.query(
      `SELECT ${STEP_COLUMNS}, l.leaf_index FROM steps s LEFT JOIN step_leaves l ON l.step_id = s.id WHERE s.case_id = $1 ORDER BY s.sequence`,
      [caseId],
    );
    const leaves = new Map<string, number>();
    for (const row of rows) if (row.leaf_index !== null && row.leaf_index !== undefined) leaves.set(row.id!, Number(row.leaf_index));
    return { steps: rows.map(stepOf), leaves };
  },

  /** A step of the case, with its leaf when sealed. */
  async stepOfCase(manager: EntityManager, caseId: string, stepId: string): Promise<{ step: ProceduralStep; leafIndex: number | undefined } | undefined> {
    const [row]: StepRow[] = await manager.query(
      `SELECT ${STEP_COLUMNS}, l.leaf_index FROM steps s LEFT JOIN step_leaves l ON l.step_id = s.id WHERE s.id = $1 AND s.case_id = $2`,
      [stepId, caseId],
    );
    return row && { step: stepOf(row), leafIndex: row.leaf_index === null || row.leaf_index === undefined ? undefined : Number(row.leaf_index) };
  },

  /** Leaf rows from `fromLeafIndex` on, in leaf order, each with its step if it still exists (a gap in the indexes is a removed row). */
  async leafRows(manager: EntityManager, fromLeafIndex: number, limit: number): Promise<LeafRow[]> {
    const rows: (StepRow & { leaf_index: string })[] = await manager.query(
      `SELECT l.leaf_index, ${STEP_COLUMNS} FROM step_leaves l LEFT JOIN steps s ON s.id = l.step_id
        WHERE l.leaf_index >= $1 ORDER BY l.leaf_index LIMIT $2`,
      [fromLeafIndex, limit],
    );
    return rows.map((row) => ({ leafIndex: Number(row.leaf_index), step: row.id === null ? undefined : stepOf(row) }));
  },
};
