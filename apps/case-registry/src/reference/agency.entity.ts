import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Labels } from '@icjims/jurisdiction';

/** An agency that registers or conducts cases (a prosecutor's office, an internal affairs body …). Reference data. */
@Entity({ name: 'agencies' })
export class Agency {
  @PrimaryColumn({ type: 'text' }) code: string;
  @Column({ type: 'jsonb' }) labels: Labels;
  /** One of the pack's agency kinds. */
  @Column({ type: 'text' }) kind: string;
  @Column({ name: 'changed_by_admin', type: 'boolean', default: false }) changedByAdmin: boolean;
}
