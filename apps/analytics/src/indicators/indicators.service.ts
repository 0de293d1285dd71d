import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { And, FindOperator, FindOptionsWhere, LessThanOrEqual, MoreThanOrEqual, Repository } from 'typeorm';
import { assertRegionAccess, Principal } from '@icjims/auth';
import { FieldProblem, InvalidInputError, NotFoundError } from '@icjims/contracts';
import type { Jurisdiction } from '@icjims/jurisdiction';
import { JURISDICTION } from '@icjims/platform';
import { ActivityCount } from '../counting/activity-count.entity';
import { caseLevelStepTypes } from '../counting/step-type-levels';
import { IndicatorValuesDto } from './dto/indicator.dto';
import { IndicatorQuery } from './dto/indicator-query.dto';
import { CatalogueEntry, catalogueEntry } from './catalogue-entry';
import { categoryBreakdownOf, findIndicator, INDICATOR_CATALOGUE, isCounted } from './indicator-catalogue';
import { MIN_CELL_SIZE } from './min-cell-size';
import { publishCount } from './suppression';

@Injectable()
export class IndicatorsService {
  constructor(
    @InjectRepository(ActivityCount) private readonly counts: Repository<ActivityCount>,
    @Inject(MIN_CELL_SIZE) private readonly minCellSize: number,
    @Inject(JURISDICTION) private readonly jurisdiction: Jurisdiction,
  ) {}

  /** A citizenship group's label in `language` (the pack's English one when it has none), or the code of a group the pack does not have. */
  private citizenshipGroupName(code: string, language: string): string {
    const group = this.jurisdiction.pack.citizenshipGroups.find((candidate) => candidate.code === code);
    return group ? this.jurisdiction.label(group.labels, language) : code;
  }

  /** The catalogue, titles in `language` (definitions and formulas in English). */
  catalogue(language: string): CatalogueEntry[] {
    return INDICATOR_CATALOGUE.map((indicator) => catalogueEntry(indicator, language));
  }

  /**
   * An indicator's cells. A regional caller sees their own region only (naming another is
   * a 403); cells that count people (person-based indicators, person-level step types)
   * below the minimum cell size are suppressed. Categories the pack labels are named in `language`.
   */
  async values(code: string, query: IndicatorQuery, principal: Principal, language: string): Promise<IndicatorValuesDto> {
    const indicator = findIndicator(code);
    if (!indicator) throw new NotFoundError(`indicator "${code.slice(0, 64)}" does not exist; GET /api/v1/indicators lists them`);
    if (!isCounted(indicator.code)) throw new NotFoundError(`indicator ${indicator.code} is published as a table only: GET /api/v1/indicators/${indicator.code}/table`);
    if (query.region !== undefined) assertRegionAccess(principal, query.region);
    const category = categoryBreakdownOf(indicator);

    const problems: FieldProblem[] = [];
    if (query.region !== undefined && !this.jurisdiction.region(query.region)) {
      problems.push({ field: 'region', reason: `${query.region} is not a region of the ${this.jurisdiction.code} jurisdiction pack` });
    }
    if (query.from && query.to && query.from > query.to) problems.push({ field: 'to', reason: 'to must not be before from' });
    for (const filter of CATEGORY_FILTERS) {
      if (query[filter] !== undefined && category !== filter) problems.push({ field: filter, reason: `indicator ${indicator.code} is not broken down by ${filter}` });
    }
    if (problems.length) throw new InvalidInputError(`The request has ${problems.length} invalid field${problems.length === 1 ? '' : 's'}`, problems);

    const where: FindOptionsWhere<ActivityCount> = { indicator: indicator.code };
    const region = query.region ?? principal.region;
    if (region !== undefined) where.region = region;
    const period = periodRange(query.from, query.to);
    if (period) where.period = period;
    const categoryFilter = category === 'stepType' || category === 'citizenshipGroup' ? query[category] : undefined;
    if (categoryFilter !== undefined) where.category = categoryFilter;
    const cells = await this.counts.find({ where, order: { region: 'ASC', period: 'ASC', category: 'ASC' } });
    const caseLevel = indicator.personLevelCategories ? await caseLevelStepTypes(this.counts.manager) : undefined;
    const countsPeople = (cell: ActivityCount) => indicator.personBased || (caseLevel !== undefined && !caseLevel.has(cell.category));

    return {
      indicator: catalogueEntry(indicator, language),
      ...(indicator.personBased || indicator.personLevelCategories ? { minCellSize: this.minCellSize } : {}),
      rows: cells.map((cell) => ({
        region: cell.region,
        period: cell.period,
        ...(category ? { category: cell.category } : {}),
        ...(category === 'citizenshipGroup' ? { categoryName: this.citizenshipGroupName(cell.category, language) } : {}),
        ...publishCount(cell.value, this.minCellSize, countsPeople(cell)),
      })),
    };
  }
}

/** Query parameters that narrow an indicator to one category of its third breakdown. */
const CATEGORY_FILTERS = ['stepType', 'citizenshipGroup'] as const;

function periodRange(from?: string, to?: string): FindOperator<string> | undefined {
  if (from && to) return And(MoreThanOrEqual(from), LessThanOrEqual(to));
  if (from) return MoreThanOrEqual(from);
  if (to) return LessThanOrEqual(to);
  return undefined;
}
