import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DeadlineRule } from './deadline-rules';

/** A deadline rule as an admin stored it (validated by deadlineRuleProblems before it gets here). */
@Entity({ name: 'deadline_rules' })
export class DeadlineRuleRecord {
  @PrimaryColumn({ type: 'text' }) code: string;
  @Column({ type: 'jsonb' }) rule: DeadlineRule;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @Column({ name: 'updated_by', type: 'text' }) updatedBy: string;
}
