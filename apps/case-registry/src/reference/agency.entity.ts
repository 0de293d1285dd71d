import { Column, Entity, PrimaryColumn } from 'typeorm';
import { AgencyKind } from './reference-rules';

/** An agency that registers or conducts cases (a police prefecture, a prosecutor's office …). Reference data. */
@Entity({ name: 'agencies' })
export class Agency {
  @PrimaryColumn({ type: 'text' }) code: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) kind: AgencyKind;
}
