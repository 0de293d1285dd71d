import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ProbationAnnulmentGround } from '@icjims/contracts';
import { ProbationStatus } from '../domain/probation-rules';

/** Supervision of one person sentenced to probation. `personId` is pseudonymous. */
@Entity({ name: 'probation_cases' })
export class ProbationCase {
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ name: 'case_id', type: 'uuid' }) caseId: string;
  @Column({ type: 'text' }) region: string;
  /** The sentencing step that opened it; of the cases of one step, at most one is not annulled. */
  @Column({ name: 'source_step_id', type: 'uuid' }) sourceStepId: string;
  @Column({ name: 'person_id', type: 'uuid', nullable: true }) personId: string | null;
  @Column({ name: 'term_months', type: 'int' }) termMonths: number;
  /** Calendar dates (YYYY-MM-DD); TypeORM keeps `date` columns as strings. */
  @Column({ name: 'starts_on', type: 'date' }) startsOn: string;
  @Column({ name: 'ends_on', type: 'date' }) endsOn: string;
  @Column({ type: 'text' }) status: ProbationStatus;
  @Column({ name: 'opened_at', type: 'timestamptz' }) openedAt: Date;
  /** Set, all three, exactly when the status is `annulled`. */
  @Column({ name: 'annulled_at', type: 'timestamptz', nullable: true }) annulledAt: Date | null;
  /** The correction step that annulled it. */
  @Column({ name: 'annulled_by_step_id', type: 'uuid', nullable: true }) annulledByStepId: string | null;
  @Column({ name: 'annulment_ground', type: 'text', nullable: true }) annulmentGround: ProbationAnnulmentGround | null;
}
