import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Labels } from '@icjims/jurisdiction';

/** A jurisdiction: cases and officers belong to one. Reference data, from the pack and admins. */
@Entity({ name: 'regions' })
export class Region {
  @PrimaryColumn({ type: 'text' }) code: string;
  @Column({ type: 'jsonb' }) labels: Labels;
  @Column({ name: 'changed_by_admin', type: 'boolean', default: false }) changedByAdmin: boolean;
}
