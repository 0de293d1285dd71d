import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One cell of an indicator: how many events of its kind fell in a region, month and category. */
@Entity({ name: 'activity_counts' })
export class ActivityCount {
  /** An indicator code from the catalogue. */
  @PrimaryColumn({ type: 'text' }) indicator: string;
  @PrimaryColumn({ type: 'text' }) region: string;
  /** Month in the jurisdiction's time zone, YYYY-MM. */
  @PrimaryColumn({ type: 'text' }) period: string;
  /** The indicator's category breakdown (e.g. the step type); '' when it has none. */
  @PrimaryColumn({ type: 'text' }) category: string;
  @Column({ type: 'int' }) value: number;
}
