import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { CaseSource, CaseStatus, OffenceSeverity } from '@icjims/contracts';

/** A registered report of a crime. The description may contain personal data and never leaves this service. */
@Entity({ name: 'cases' })
export class CriminalCase {
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ name: 'case_number', type: 'text', unique: true }) caseNumber: string;
  /** Where the case is now (a transfer moves it); the case number keeps the region it was registered in. */
  @Column({ type: 'text' }) region: string;
  /** Null for cases registered before districts existed, and after a transfer to another region without one. */
  @Column({ type: 'text', nullable: true }) district: string | null;
  /** Null only for cases registered before agencies existed. */
  @Column({ type: 'text', nullable: true }) agency: string | null;
  /** Null only for cases registered before the source was recorded. */
  @Column({ type: 'text', nullable: true }) source: CaseSource | null;

  /** The offence as classified at registration; later changes to the reference data do not rewrite it. */
  @Column({ name: 'offence_article', type: 'text' }) offenceArticle: string;
  @Column({ name: 'offence_title', type: 'text' }) offenceTitle: string;
  @Column({ name: 'offence_severity', type: 'text' }) offenceSeverity: OffenceSeverity;
  @Column({ name: 'iccs_code', type: 'text' }) iccsCode: string;
  @Column({ name: 'iccs_section', type: 'text' }) iccsSection: string;
  /** Kept to derive, later, whether a person was a juvenile at the time of the offence. */
  @Column({ name: 'offence_committed_at', type: 'timestamptz', nullable: true }) offenceCommittedAt: Date | null;

  @Column({ type: 'text' }) description: string;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt: Date;
  @Column({ name: 'registered_at', type: 'timestamptz' }) registeredAt: Date;
  @Column({ name: 'registered_late', type: 'boolean' }) registeredLate: boolean;
  @Column({ name: 'registered_by', type: 'text' }) registeredBy: string;

  /** As procedural-steps derives it from the journal, except `joined`: set here the moment the case is joined. */
  @Column({ type: 'text' }) status: CaseStatus;
  /** When the step that set the status occurred (the registration, for `registered`). */
  @Column({ name: 'status_changed_at', type: 'timestamptz' }) statusChangedAt: Date;
  /** When the status now shown was recorded: procedural-steps' event `time`, or the join here; older events are stale. */
  @Column({ name: 'status_recorded_at', type: 'timestamptz', nullable: true }) statusRecordedAt: Date | null;

  /** Token `sub` of the responsible officers; the history is in case_assignments. */
  @Column({ name: 'responsible_prosecutor', type: 'text', nullable: true }) responsibleProsecutor: string | null;
  @Column({ name: 'responsible_investigator', type: 'text', nullable: true }) responsibleInvestigator: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
