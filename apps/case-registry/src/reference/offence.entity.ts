import { Column, Entity, PrimaryColumn } from 'typeorm';
import { OffenceSeverity } from '@icjims/contracts';

/** A criminal-code article and its statistical classification (ICCS). Reference data. */
@Entity({ name: 'offences' })
export class Offence {
  /** Article with part/paragraph, e.g. "199-1". */
  @PrimaryColumn({ type: 'text' }) article: string;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) severity: OffenceSeverity;
  /** ICCS code at the finest level known, e.g. "0502". */
  @Column({ name: 'iccs_code', type: 'text' }) iccsCode: string;
  @Column({ name: 'iccs_section', type: 'text' }) iccsSection: string;
}
