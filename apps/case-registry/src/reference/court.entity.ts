import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Labels } from '@icjims/jurisdiction';

/** A court and its level (first instance, appeal …). Reference data from the pack. */
@Entity({ name: 'courts' })
export class Court {
  @PrimaryColumn({ type: 'text' }) code: string;
  /** One of the pack's court levels. */
  @Column({ type: 'text' }) level: string;
  /** The region it serves; null for national courts. */
  @Column({ type: 'text', nullable: true }) region: string | null;
  @Column({ type: 'jsonb' }) labels: Labels;
  @Column({ name: 'changed_by_admin', type: 'boolean', default: false }) changedByAdmin: boolean;
}
