import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One move of a case to another region, district or agency; the codes as they were then. */
@Entity({ name: 'case_transfers' })
export class CaseTransfer {
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ name: 'case_id', type: 'uuid' }) caseId: string;
  @Column({ name: 'from_region', type: 'text' }) fromRegion: string;
  @Column({ name: 'from_district', type: 'text', nullable: true }) fromDistrict: string | null;
  @Column({ name: 'from_agency', type: 'text', nullable: true }) fromAgency: string | null;
  @Column({ name: 'to_region', type: 'text' }) toRegion: string;
  @Column({ name: 'to_district', type: 'text', nullable: true }) toDistrict: string | null;
  @Column({ name: 'to_agency', type: 'text', nullable: true }) toAgency: string | null;
  @Column({ type: 'text' }) reason: string;
  @Column({ name: 'transferred_by', type: 'text' }) transferredBy: string;
  @Column({ name: 'transferred_at', type: 'timestamptz' }) transferredAt: Date;
}
