import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConsistencyProofDto, JournalProofs, JournalTreeHeadDto } from '@icjims/journal';
import type { TreeTransparency } from '@icjims/platform';
import { ProbationJournalVerificationDto } from './dto/probation-journal-tree.dto';
import { probationJournal, StoredProbationEntry } from './probation-journal';
import { PROBATION_TRANSPARENCY } from './probation-journal-sealer';

/**
 * What the probation journal's tree proves, over the API (libs/journal's JournalProofs): its
 * signed heads and keys, consistency between two sizes, and the whole tree recomputed from the
 * entries against every signed checkpoint. The same guarantees as the procedural journal's.
 */
@Injectable()
export class ProbationJournalProofs {
  readonly proofs: JournalProofs<StoredProbationEntry>;

  constructor(dataSource: DataSource, @Inject(PROBATION_TRANSPARENCY) transparency: TreeTransparency) {
    this.proofs = new JournalProofs(probationJournal, dataSource, transparency);
  }

  treeHead(): JournalTreeHeadDto {
    return this.proofs.treeHead();
  }

  consistencyProof(fromSize: number, toSize?: number): Promise<ConsistencyProofDto> {
    return this.proofs.consistencyProof(fromSize, toSize);
  }

  async verifyJournal(): Promise<ProbationJournalVerificationDto> {
    const { firstBad, ...verdict } = await this.proofs.verifyTree();
    return { ...verdict, ...(firstBad && { firstBadEntryId: firstBad.id, firstBadStreamId: firstBad.streamId, firstBadSequence: firstBad.sequence }) };
  }
}
