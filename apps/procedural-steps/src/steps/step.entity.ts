import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { StepDetails } from './step-rules';

/** One entry of a case's procedural journal. Append-only: the database refuses UPDATE and DELETE. */
@Entity({ name: 'steps' })
export class ProceduralStep {
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ name: 'case_id', type: 'uuid' }) caseId: string;
  @Column({ type: 'int' }) sequence: number;
  @Column({ name: 'step_type', type: 'text' }) stepType: string;
  @Column({ name: 'occurred_at', type: 'timestamptz' }) occurredAt: Date;
  @Column({ name: 'recorded_at', type: 'timestamptz' }) recordedAt: Date;
  @Column({ name: 'recorded_by', type: 'text' }) recordedBy: string;
  @Column({ name: 'person_id', type: 'uuid', nullable: true }) personId: string | null;
  @Column({ type: 'jsonb' }) details: StepDetails;
  /** For a correction: the step it corrects (its details say why and what changes). */
  @Column({ name: 'corrects_step_id', type: 'uuid', nullable: true }) correctsStepId: string | null;
  @Column({ name: 'prev_hash', type: 'text' }) prevHash: string;
  @Column({ type: 'text' }) hash: string;
}
