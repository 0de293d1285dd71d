import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CaseLinkKind } from './case-link-rules';

/** A join of one case into another, or a split of a new case off another; rows are never changed. */
@Entity({ name: 'case_links' })
export class CaseLink {
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ type: 'text' }) kind: CaseLinkKind;
  /** join: the case joined; split: the case split. Persons go from here to `toCaseId`. */
  @Column({ name: 'from_case_id', type: 'uuid' }) fromCaseId: string;
  /** join: the case joined into; split: the new case. */
  @Column({ name: 'to_case_id', type: 'uuid' }) toCaseId: string;
  @Column({ name: 'person_ids', type: 'uuid', array: true }) personIds: string[];
  @Column({ type: 'text' }) reason: string;
  @Column({ name: 'linked_by', type: 'text' }) linkedBy: string;
  @Column({ name: 'linked_at', type: 'timestamptz' }) linkedAt: Date;
}
