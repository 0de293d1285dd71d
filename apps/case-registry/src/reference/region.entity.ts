import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A jurisdiction: cases and officers belong to one. Reference data, loaded by an admin. */
@Entity({ name: 'regions' })
export class Region {
  @PrimaryColumn({ type: 'text' }) code: string;
  @Column({ type: 'text' }) name: string;
}
