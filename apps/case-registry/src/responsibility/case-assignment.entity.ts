import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Responsibility } from '@icjims/contracts';

/** One assignment of a case's responsible prosecutor or investigator; the rows of a case are its history. */
@Entity({ name: 'case_assignments' })
export class CaseAssignment {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ name: 'case_id', type: 'uuid' }) caseId: string;
  @Column({ type: 'text' }) responsibility: Responsibility;
  @Column({ type: 'text' }) assignee: string;
  @Column({ name: 'previous_assignee', type: 'text', nullable: true }) previousAssignee: string | null;
  @Column({ type: 'text', nullable: true }) reason: string | null;
  @Column({ name: 'assigned_by', type: 'text' }) assignedBy: string;
  @Column({ name: 'assigned_at', type: 'timestamptz' }) assignedAt: Date;
}
