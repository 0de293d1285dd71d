import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A message waiting to be relayed to the bus, written in the same transaction as the
 * change it describes. Rows are kept after publishing (published_at set) as the
 * service's record of what it emitted.
 */
@Entity({ name: 'outbox' })
export class OutboxMessage {
  /** Commit-independent order of appends; the relay publishes in this order. */
  @PrimaryGeneratedColumn({ type: 'bigint' }) position: string;
  @Column({ name: 'event_id', type: 'uuid', unique: true }) eventId: string;
  @Column({ name: 'event_type', type: 'text' }) eventType: string;
  @Column({ type: 'text' }) topic: string;
  @Column({ name: 'message_key', type: 'text' }) key: string;
  /** The exact bytes to publish: a CloudEvent in JSON (or, for dead letters, the original message). */
  @Column({ type: 'text' }) value: string;
  @Column({ type: 'jsonb', default: {} }) headers: Record<string, string>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true }) publishedAt: Date | null;
}
