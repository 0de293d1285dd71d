import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DeadlineRule } from './deadline-rules';

/**
 * One version of a deadline rule (append-only): clocks that start from `appliesFrom` on run
 * under it, until a later version applies. `deadline_rules` holds each rule's latest version.
 */
@Entity({ name: 'deadline_rule_versions' })
export class DeadlineRuleVersion {
  @PrimaryColumn({ type: 'text' }) code: string;
  @PrimaryColumn({ type: 'integer' }) version: number;
  @Column({ type: 'jsonb' }) rule: DeadlineRule;
  @Column({ name: 'applies_from', type: 'timestamptz' }) appliesFrom: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  /** The admin's token subject, or the pack that brought it ("jurisdiction-pack KG 2026.1"). */
  @Column({ name: 'updated_by', type: 'text' }) updatedBy: string;
}
