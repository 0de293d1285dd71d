import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A district within a region; its code is unique within the region. Reference data, loaded by an admin. */
@Entity({ name: 'districts' })
export class District {
  @PrimaryColumn({ type: 'text' }) region: string;
  @PrimaryColumn({ type: 'text' }) code: string;
  @Column({ type: 'text' }) name: string;
}
