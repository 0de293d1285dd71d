import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { PersonRole } from '@icjims/contracts';

/** A role a person holds (or held, once removed) in a case. Rows are never deleted. */
@Entity({ name: 'case_person_roles' })
export class CasePersonRole {
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ name: 'case_id', type: 'uuid' }) caseId: string;
  @Column({ name: 'person_id', type: 'uuid' }) personId: string;
  @Column({ type: 'text' }) role: PersonRole;
  @CreateDateColumn({ name: 'added_at', type: 'timestamptz' }) addedAt: Date;
  @Column({ name: 'added_by', type: 'text' }) addedBy: string;
  @Column({ name: 'merged_from', type: 'uuid', nullable: true }) mergedFrom: string | null;
  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true }) removedAt: Date | null;
  @Column({ name: 'removed_by', type: 'text', nullable: true }) removedBy: string | null;
  @Column({ name: 'removal_reason', type: 'text', nullable: true }) removalReason: string | null;
}
