import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Labels } from '@icjims/jurisdiction';

/** A district within a region; its code is unique within the region. Reference data, from the pack and admins. */
@Entity({ name: 'districts' })
export class District {
  @PrimaryColumn({ type: 'text' }) region: string;
  @PrimaryColumn({ type: 'text' }) code: string;
  @Column({ type: 'jsonb' }) labels: Labels;
  @Column({ name: 'changed_by_admin', type: 'boolean', default: false }) changedByAdmin: boolean;
}
