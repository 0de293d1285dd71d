import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One clock a deadline rule started: running until a step stops it, or breached when
 * its due time passes first. Recomputed from the journal whenever a step is appended.
 */
@Entity({ name: 'deadlines' })
export class Deadline {
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ name: 'case_id', type: 'uuid' }) caseId: string;
  @Column({ name: 'rule_code', type: 'text' }) ruleCode: string;
  /** The version of the rule the clock started under (deadline_rule_versions): it keeps it. */
  @Column({ name: 'rule_version', type: 'integer' }) ruleVersion: number;
  @Column({ name: 'person_id', type: 'uuid', nullable: true }) personId: string | null;
  @Column({ name: 'start_step_id', type: 'uuid' }) startStepId: string;
  @Column({ name: 'started_at', type: 'timestamptz' }) startedAt: Date;
  @Column({ name: 'due_at', type: 'timestamptz' }) dueAt: Date;
  /** From when it counts as running out. */
  @Column({ name: 'warn_from', type: 'timestamptz' }) warnFrom: Date;
  @Column({ name: 'stopped_at', type: 'timestamptz', nullable: true }) stoppedAt: Date | null;
  @Column({ name: 'stopped_by_step_id', type: 'uuid', nullable: true }) stoppedByStepId: string | null;
  /** The journal no longer starts this clock (its starting step was annulled, or the rule changed). */
  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true }) cancelledAt: Date | null;
  /** Set once, by the scheduler, in the transaction that announces the breach (a stop after the due time is a breach too). */
  @Column({ name: 'breached_at', type: 'timestamptz', nullable: true }) breachedAt: Date | null;
  /** Set when a correction took the announced breach back (and breached_at cleared); the last such time. */
  @Column({ name: 'breach_withdrawn_at', type: 'timestamptz', nullable: true }) breachWithdrawnAt: Date | null;
  /** Set once, by the scheduler, in the transaction that announces the clock running out (deadline.running-out). */
  @Column({ name: 'warned_at', type: 'timestamptz', nullable: true }) warnedAt: Date | null;
}
