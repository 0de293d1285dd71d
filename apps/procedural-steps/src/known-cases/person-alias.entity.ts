import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A person record merged into another: steps that name the merged id concern the surviving one. */
@Entity({ name: 'person_aliases' })
export class PersonAlias {
  @PrimaryColumn({ name: 'merged_person_id', type: 'uuid' }) mergedPersonId: string;
  @Column({ name: 'surviving_person_id', type: 'uuid' }) survivingPersonId: string;
}
