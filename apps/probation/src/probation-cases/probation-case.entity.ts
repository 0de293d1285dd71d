import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ProbationStatus } from './probation-rules';

/** Supervision of one person sentenced to probation. `personId` is pseudonymous. */
@Entity({ name: 'probation_cases' })
export class ProbationCase {
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ name: 'case_id', type: 'uuid' }) caseId: string;
  @Column({ type: 'text' }) region: string;
  /** The sentencing step that opened it; unique. */
  @Column({ name: 'source_step_id', type: 'uuid', unique: true }) sourceStepId: string;
  @Column({ name: 'person_id', type: 'uuid', nullable: true }) personId: string | null;
  @Column({ name: 'term_months', type: 'int' }) termMonths: number;
  /** Calendar dates (YYYY-MM-DD); TypeORM keeps `date` columns as strings. */
  @Column({ name: 'starts_on', type: 'date' }) startsOn: string;
  @Column({ name: 'ends_on', type: 'date' }) endsOn: string;
  @Column({ type: 'text' }) status: ProbationStatus;
  @Column({ name: 'opened_at', type: 'timestamptz' }) openedAt: Date;
}
