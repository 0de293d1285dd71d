import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A person's role in a case, by pseudonymous id only (from case-registry's person events). */
@Entity({ name: 'case_persons' })
export class CasePerson {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' }) caseId: string;
  @PrimaryColumn({ name: 'person_id', type: 'uuid' }) personId: string;
  @PrimaryColumn({ type: 'text' }) role: string;
  /** False once the person was removed from the case in this role (or split off with it). */
  @Column({ type: 'boolean' }) active: boolean;
}
