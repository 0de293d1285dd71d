import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Principal } from '@icjims/auth';
import { ConsistencyProofDto, JournalProofs as TreeProofs, JournalTreeHeadDto, StreamVerification, TreeVerification } from '@icjims/journal';
import { noteConsultedPersons } from '@icjims/platform';
import { KnownCase } from '../known-cases/known-case.entity';
import { readableCase } from '../steps/journal-reader';
import { personsNamedBy } from '../steps/persons-named';
import { stepJournal } from '../steps/step-journal';
import { ProceduralStep } from '../steps/step.entity';
import { CaseJournalVerificationDto, InclusionProofDto, JournalTreeProblem, JournalVerificationDto } from './dto/journal-tree.dto';
import { JOURNAL_TRANSPARENCY, JournalTransparency } from './journal-transparency';

/** A case's journal on one snapshot, checked against its hash chain and the latest signed checkpoint. */
export interface VerifiedJournal {
  known: KnownCase;
  steps: ProceduralStep[];
  integrity: CaseJournalVerificationDto;
}

/**
 * What the journal tree proves, over the API (libs/journal's JournalProofs on the steps):
 * signed heads and keys, inclusion and consistency proofs, a case's journal checked against
 * the latest checkpoint, and the whole tree replayed from the steps against every checkpoint.
 * Here: who may see which case, and the API's names for steps and cases.
 */
@Injectable()
export class JournalProofs {
  private readonly proofs: TreeProofs<ProceduralStep>;

  constructor(dataSource: DataSource, @Inject(JOURNAL_TRANSPARENCY) transparency: JournalTransparency) {
    this.proofs = new TreeProofs(stepJournal, dataSource, transparency);
  }

  treeHead(): JournalTreeHeadDto {
    return this.proofs.treeHead();
  }

  /** The case's journal, its chain checked and each sealed step proven to be in the latest checkpoint, on one snapshot. */
  verifiedJournal(caseId: string, principal: Principal): Promise<VerifiedJournal> {
    return this.proofs.fromTree(async (manager) => {
      const known = await readableCase(manager, caseId, principal);
      const { entries, verification } = await this.proofs.verifyStream(manager, caseId, known);
      return { known, steps: entries, integrity: caseVerification(verification) };
    });
  }

  async inclusionProof(caseId: string, stepId: string, principal: Principal, treeSize?: number): Promise<InclusionProofDto> {
    return this.proofs.fromTree(async (manager) => {
      await readableCase(manager, caseId, principal);
      const { entry, ...proof } = await this.proofs.inclusionProof(manager, caseId, stepId, treeSize);
      return { stepId, caseId, sequence: entry.sequence, ...proof };
    });
  }

  consistencyProof(fromSize: number, toSize?: number): Promise<ConsistencyProofDto> {
    return this.proofs.consistencyProof(fromSize, toSize);
  }

  /**
   * The case's journal as an `icjims-log-export/1` export (scope partial): every step in the
   * latest checkpoint with its fields and inclusion proof, for `npm run audit:verify`. Steps
   * recorded since go into the next export. Notes the persons the steps name.
   */
  async exportCase(caseId: string, principal: Principal): Promise<string> {
    return this.proofs.fromTree(async (manager) => {
      await readableCase(manager, caseId, principal);
      const { text, exported } = await this.proofs.exportStream(manager, caseId, (steps, inCheckpoint) => ({
        caseId,
        steps: steps.length,
        awaitingCheckpoint: steps.length - inCheckpoint.length,
      }));
      noteConsultedPersons(personsNamedBy(exported));
      return text;
    });
  }

  /** The whole journal tree recomputed from the steps as stored, against every signed checkpoint; the first bad position named. */
  async verifyJournal(): Promise<JournalVerificationDto> {
    const { firstBad, problem, ...verdict } = await this.proofs.verifyTree();
    return {
      ...verdict,
      ...(problem && { problem: TREE_PROBLEMS[problem] }),
      ...(firstBad && { firstBadStepId: firstBad.id, firstBadCaseId: firstBad.caseId, firstBadSequence: firstBad.sequence }),
    };
  }
}

/** The tree's problems as the API has always named them. */
const TREE_PROBLEMS: Record<NonNullable<TreeVerification<unknown>['problem']>, JournalTreeProblem> = {
  'entry-changed': 'step-changed',
  'entry-missing': 'step-missing',
  'journal-truncated': 'journal-truncated',
  'checkpoint-signature': 'checkpoint-signature',
};

function caseVerification({ firstBroken, ...verification }: StreamVerification<ProceduralStep>): CaseJournalVerificationDto {
  return { ...verification, ...(firstBroken && { firstBrokenStepId: firstBroken.id }) };
}
