import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { Role, Sex } from '@icjims/contracts';
import type { PersonFacts } from './person-rules';

/**
 * A person involved in one or more cases: the only personal data in the system. `id` is a
 * random UUID — the pseudonymous person id the events carry — never derived from the
 * national ID.
 */
@Entity({ name: 'persons' })
export class Person implements PersonFacts {
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ name: 'given_name', type: 'text' }) givenName: string;
  @Column({ name: 'family_name', type: 'text' }) familyName: string;
  @Column({ name: 'national_id', type: 'text', nullable: true, unique: true }) nationalId: string | null;
  /** YYYY-MM-DD */
  @Column({ name: 'date_of_birth', type: 'date', nullable: true }) dateOfBirth: string | null;
  @Column({ type: 'text' }) sex: Sex;
  @Column({ type: 'text', nullable: true }) citizenship: string | null;
  @Column({ type: 'boolean', nullable: true }) disability: boolean | null;
  @Column({ type: 'text', nullable: true }) address: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'created_by', type: 'text' }) createdBy: string;
  @Column({ name: 'merged_into', type: 'uuid', nullable: true }) mergedInto: string | null;
  @Column({ name: 'merged_at', type: 'timestamptz', nullable: true }) mergedAt: Date | null;
  @Column({ name: 'merged_by', type: 'text', nullable: true }) mergedBy: string | null;
  @Column({ name: 'merge_reason', type: 'text', nullable: true }) mergeReason: string | null;
  /**
   * A provisional record's national ID: the one its creator gave, held by a record they may
   * not see. Not unique; an identity review decides whether the two are one person.
   */
  @Column({ name: 'claimed_national_id', type: 'text', nullable: true }) claimedNationalId: string | null;
  /** The restriction in force until then, if any: only the subs and roles named may see the record. */
  @Column({ name: 'restricted_until', type: 'timestamptz', nullable: true }) restrictedUntil: Date | null;
  @Column({ name: 'restricted_to_subs', type: 'text', array: true }) restrictedToSubs: string[];
  @Column({ name: 'restricted_to_roles', type: 'text', array: true }) restrictedToRoles: Role[];
}
