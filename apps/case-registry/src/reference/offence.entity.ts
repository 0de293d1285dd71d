import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Labels } from '@icjims/jurisdiction';

/** A criminal-code article and its statistical classification (ICCS). Reference data. */
@Entity({ name: 'offences' })
export class Offence {
  /** Article with part, e.g. "209-1". */
  @PrimaryColumn({ type: 'text' }) article: string;
  @Column({ type: 'jsonb' }) labels: Labels;
  /** One of the pack's severity classes. */
  @Column({ type: 'text' }) severity: string;
  /** ICCS code at the finest level known, e.g. "0701". */
  @Column({ name: 'iccs_code', type: 'text' }) iccsCode: string;
  /** The ICCS section: its two digits, a space and its English name. */
  @Column({ name: 'iccs_section', type: 'text' }) iccsSection: string;
  @Column({ name: 'sexual_or_gender_based_violence', type: 'boolean', default: false }) sexualOrGenderBasedViolence: boolean;
  @Column({ name: 'changed_by_admin', type: 'boolean', default: false }) changedByAdmin: boolean;
}
