import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A registered report of a crime. The description may contain personal data and never leaves this service. */
@Entity({ name: 'cases' })
export class CriminalCase {
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ name: 'case_number', type: 'text', unique: true }) caseNumber: string;
  @Column({ type: 'text' }) region: string;
  @Column({ name: 'offence_article', type: 'text' }) offenceArticle: string;
  @Column({ type: 'text' }) description: string;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt: Date;
  @Column({ name: 'registered_at', type: 'timestamptz' }) registeredAt: Date;
  @Column({ name: 'registered_by', type: 'text' }) registeredBy: string;
  @Column({ type: 'text' }) status: 'registered';
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
