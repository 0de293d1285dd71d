import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Principal } from '@icjims/auth';
import { CURSOR_PARTS, decodeCursor, encodeCursor } from '@icjims/platform';
import { invalidInput } from '../field-problems';
import { CriminalCase } from './case.entity';
import { toCaseSummary } from './case-view';
import { CasePageDto } from './dto/case.dto';
import { CaseSearchQuery } from './dto/case-search.query';
import { searchRegion } from './search-rules';

/** The time filters: each a half-open range [from, to) over one column. */
const DATE_RANGES = [
  { column: 'registeredAt', from: 'registeredFrom', to: 'registeredTo' },
  { column: 'receivedAt', from: 'receivedFrom', to: 'receivedTo' },
  { column: 'offenceCommittedAt', from: 'offenceFrom', to: 'offenceTo' },
] as const;

@Injectable()
export class CaseSearchService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Newest registration first, keyset-paged over (registered_at, id): a page starts right
   * after the last row of the previous one, so registrations in between neither repeat nor
   * push rows off a page.
   */
  async search(query: CaseSearchQuery, principal: Principal): Promise<CasePageDto> {
    const region = searchRegion(principal, query.region);
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, [CURSOR_PARTS.dateTime, CURSOR_PARTS.uuid]);
    const ranges = DATE_RANGES.filter(({ from, to }) => query[from] !== undefined || query[to] !== undefined);
    const reversed = ranges.filter(({ from, to }) => query[from] && query[to] && new Date(query[from]) > new Date(query[to]));
    if (reversed.length) throw invalidInput(reversed.map(({ from, to }) => ({ field: to, reason: `${to} must not be before ${from}` })));

    const select = this.dataSource.getRepository(CriminalCase).createQueryBuilder('c');
    if (region !== undefined) select.andWhere('c.region = :region', { region });
    if (query.status !== undefined) select.andWhere('c.status = :status', { status: query.status });
    if (query.article !== undefined) select.andWhere('c.offenceArticle = :article', { article: query.article });
    if (query.iccsSection !== undefined) select.andWhere('left(c.iccsCode, 2) = :iccsSection', { iccsSection: query.iccsSection });
    for (const { column, from, to } of ranges) {
      if (query[from] !== undefined) select.andWhere(`c.${column} >= :${from}`, { [from]: new Date(query[from]) });
      if (query[to] !== undefined) select.andWhere(`c.${column} < :${to}`, { [to]: new Date(query[to]) });
    }
    if (query.prosecutor !== undefined) select.andWhere('c.responsibleProsecutor = :prosecutor', { prosecutor: query.prosecutor });
    if (query.investigator !== undefined) select.andWhere('c.responsibleInvestigator = :investigator', { investigator: query.investigator });
    if (after) select.andWhere('(c.registeredAt, c.id) < (:afterAt, :afterId)', { afterAt: new Date(after[0]), afterId: after[1] });
    const rows = await select
      .orderBy('c.registeredAt', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(query.limit + 1)
      .getMany();

    const page = rows.slice(0, query.limit);
    return { items: page.map(toCaseSummary), nextCursor: rows.length > query.limit ? encodeCursor([page[page.length - 1].registeredAt.toISOString(), page[page.length - 1].id]) : null };
  }
}
