import { MerkleLog } from '@icjims/integrity';
import { defineJournal } from '@icjims/journal';
import { stepChainFields } from './step-chain';
import { ProceduralStep } from './step.entity';

/**
 * The procedural journal on libs/journal: each case's steps a hash chain whose head is the
 * case's `known_cases` row (version, last_hash), every step a leaf of one Merkle tree over all
 * cases of the installation, whose signed heads are kept outside the database.
 */
export const stepJournal = defineJournal<ProceduralStep>({
  log: 'procedural-journal',
  names: { entry: 'step', stream: 'case' },
  entries: {
    table: 'steps',
    streamColumn: 'case_id',
    columns: ['id', 'case_id', 'sequence', 'step_type', 'occurred_at', 'recorded_at', 'recorded_by', 'person_id', 'details', 'corrects_step_id', 'prev_hash', 'hash'],
    toRow: (step) => ({
      id: step.id,
      case_id: step.caseId,
      sequence: step.sequence,
      step_type: step.stepType,
      occurred_at: step.occurredAt,
      recorded_at: step.recordedAt,
      recorded_by: step.recordedBy,
      person_id: step.personId,
      details: step.details,
      corrects_step_id: step.correctsStepId,
      prev_hash: step.prevHash,
      hash: step.hash,
    }),
    fromRow: (row) =>
      Object.assign(new ProceduralStep(), {
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
      }),
  },
  heads: { table: 'known_cases', streamColumn: 'case_id' },
  leaves: { table: 'step_leaves', entryColumn: 'step_id' },
  tree: new MerkleLog('journal_tree'),
  chainFields: stepChainFields,
});
