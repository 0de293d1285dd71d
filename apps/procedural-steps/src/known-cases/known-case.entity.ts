import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CaseStatus } from '@icjims/contracts';
import type { HeadState } from '../steps/head-state';

/** What procedural-steps knows of a registered case, from case-registry's events; no personal data. */
@Entity({ name: 'known_cases' })
export class KnownCase {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' }) caseId: string;
  @Column({ name: 'case_number', type: 'text' }) caseNumber: string;
  /** Who may see the case; changes when the case is transferred. */
  @Column({ type: 'text' }) region: string;
  @Column({ type: 'text', nullable: true }) district: string | null;
  @Column({ type: 'text', nullable: true }) agency: string | null;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt: Date;
  @Column({ name: 'registered_at', type: 'timestamptz' }) registeredAt: Date;
  /** Number of steps in the journal; the next step gets version + 1. */
  @Column({ type: 'int' }) version: number;
  /** Hash of the last step: the head of the case's chain. */
  @Column({ name: 'last_hash', type: 'text' }) lastHash: string;
  /** As the legal-order rules derive it from the journal. */
  @Column({ type: 'text' }) status: CaseStatus;
  @Column({ name: 'responsible_prosecutor', type: 'text', nullable: true }) responsibleProsecutor: string | null;
  @Column({ name: 'responsible_investigator', type: 'text', nullable: true }) responsibleInvestigator: string | null;
  /** Set when the case was joined into another; no steps are recorded on it afterwards. */
  @Column({ name: 'joined_into', type: 'uuid', nullable: true }) joinedInto: string | null;
  /** The journal's state after its last step, kept with the head so that an append need not replay the journal (steps/head-state.ts); null until first kept. */
  @Column({ name: 'journal_state', type: 'jsonb', nullable: true }) journalState: HeadState | null;
  /**
   * Not a column: the revision of the deadline rules (deadline_rules_revision) read in the
   * statement that locked the case (steps/case-heads.ts), when it was read there.
   */
  rulesRevision?: string;
}
