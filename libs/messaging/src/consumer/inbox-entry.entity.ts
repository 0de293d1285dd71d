import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The inbox's table, in each service's schema. */
export const INBOX_TABLE = 'inbox';

/** An event this service has handled (or dead-lettered); a redelivery finds it here and has no effect. */
@Entity({ name: INBOX_TABLE })
export class InboxEntry {
  /** CloudEvents ids are strings chosen by the producer. */
  @PrimaryColumn({ name: 'event_id', type: 'text' }) eventId: string;
  @Column({ name: 'event_type', type: 'text' }) eventType: string;
  @Column({ type: 'text' }) outcome: 'processed' | 'dead-lettered';
  @CreateDateColumn({ name: 'processed_at', type: 'timestamptz' }) processedAt: Date;
}
