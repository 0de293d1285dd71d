import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What procedural-steps knows of a registered case, from CaseRegistered; no personal data. */
@Entity({ name: 'known_cases' })
export class KnownCase {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' }) caseId: string;
  @Column({ name: 'case_number', type: 'text' }) caseNumber: string;
  @Column({ type: 'text' }) region: string;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt: Date;
  @Column({ name: 'registered_at', type: 'timestamptz' }) registeredAt: Date;
  /** Number of steps in the journal; the next step gets version + 1. */
  @Column({ type: 'int' }) version: number;
}
