import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { isNational, Principal } from '@icjims/auth';
import { ConflictError, FieldProblem, ForbiddenError } from '@icjims/contracts';
import { Jurisdiction, Labels } from '@icjims/jurisdiction';
import { decodeCursor, encodeCursor, JURISDICTION } from '@icjims/platform';
import { assertNoProblems } from '../field-problems';
import { Agency } from './agency.entity';
import { Court } from './court.entity';
import { District } from './district.entity';
import { Offence } from './offence.entity';
import { Region } from './region.entity';
import {
  AgencyDto, CourtDto, OffenceDto, ReferenceHistoryPageDto, ReferenceHistoryQuery, RegionDto, ReplaceAgenciesDto, ReplaceOffencesDto, ReplaceRegionsDto,
} from './reference.dto';
import { applyRows, recordChanges, ReferenceChange, ReferenceKind, ReferenceRow, storedRows, StoredRow } from './reference-rows';
import { duplicateProblems, iccsSectionProblem, labelsAfterPut, packCodeProblem, removalProblems } from './reference-rules';

const HISTORY_ID = (part: unknown) => typeof part === 'string' && /^[1-9][0-9]{0,17}$/.test(part);

/**
 * Reference data: taken from the jurisdiction pack, read by anyone signed in in their language,
 * changed by a national admin, never in a way that strands a case, every change in the history.
 */
@Injectable()
export class ReferenceService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(JURISDICTION) private readonly jurisdiction: Jurisdiction,
  ) {}

  async listRegions(language: string, manager: EntityManager = this.dataSource.manager): Promise<RegionDto[]> {
    const regions = await manager.find(Region, { order: { code: 'ASC' } });
    const districts = await manager.find(District, { order: { region: 'ASC', code: 'ASC' } });
    return regions.map(({ code, labels }) => ({
      code,
      ...this.named(labels, language),
      districts: districts.filter((district) => district.region === code).map((district) => ({ code: district.code, ...this.named(district.labels, language) })),
    }));
  }

  async listAgencies(language: string, manager: EntityManager = this.dataSource.manager): Promise<AgencyDto[]> {
    const agencies = await manager.find(Agency, { order: { code: 'ASC' } });
    return agencies.map(({ code, kind, labels }) => ({ code, ...this.named(labels, language), kind }));
  }

  async listOffences(language: string, manager: EntityManager = this.dataSource.manager): Promise<OffenceDto[]> {
    const offences = await manager.find(Offence, { order: { article: 'ASC' } });
    return offences.map(({ article, labels, severity, iccsCode, iccsSection, sexualOrGenderBasedViolence }) => ({
      article,
      title: this.jurisdiction.label(labels, language),
      labels,
      severity,
      iccsCode,
      iccsSection,
      sexualOrGenderBasedViolence,
    }));
  }

  async listCourts(language: string): Promise<CourtDto[]> {
    const courts = await this.dataSource.manager.find(Court, { order: { code: 'ASC' } });
    return courts.map(({ code, labels, level, region }) => ({ code, ...this.named(labels, language), level, region }));
  }

  /** Every change of the reference data, newest first, a page at a time. */
  async history({ cursor, limit }: ReferenceHistoryQuery): Promise<ReferenceHistoryPageDto> {
    const after = cursor === undefined ? null : decodeCursor(cursor, [HISTORY_ID])[0];
    const rows: { id: string; changed_at: Date; source: string; kind: string; code: string; change: string; before: ReferenceRow | null; after: ReferenceRow | null }[] =
      await this.dataSource.query(
        `SELECT id::text, changed_at, source, kind, code, change, before, after FROM reference_changes
         WHERE $1::bigint IS NULL OR reference_changes.id < $1::bigint ORDER BY reference_changes.id DESC LIMIT $2`,
        [after, limit + 1],
      );
    const page = rows.slice(0, limit);
    return {
      items: page.map((row) => ({ changedAt: row.changed_at.toISOString(), source: row.source, kind: row.kind, code: row.code, change: row.change, before: row.before, after: row.after })),
      nextCursor: rows.length > limit ? encodeCursor([page[page.length - 1].id]) : null,
    };
  }

  /** Upserts the listed regions, makes each one's districts exactly those listed, and removes `remove`. */
  async replaceRegions({ regions, remove = [] }: ReplaceRegionsDto, principal: Principal, language: string): Promise<RegionDto[]> {
    assertNationalAdmin(principal);
    const codes = regions.map((region) => region.code);
    assertNoProblems([
      ...duplicateProblems(codes, 'regions', 'code'),
      ...regions.flatMap((region, index) => duplicateProblems(region.districts.map((district) => district.code), `regions.${index}.districts`, 'code')),
      ...removalProblems(codes, remove),
    ]);
    const touched = [...codes, ...remove];
    const kept = regions.flatMap((region) => region.districts.map((district) => ({ region: region.code, code: district.code })));
    const params = [touched, kept.map((district) => district.region), kept.map((district) => district.code)];
    const keptPairs = 'unnest($2::text[], $3::text[]) AS kept (region, code)';
    return this.write(principal, async (manager) => {
      const [storedRegions, storedDistricts] = [await storedRows(manager, 'region'), await storedRows(manager, 'district')];
      const problems: FieldProblem[] = [];
      const regionRows = regions.map((region, index) => ({ code: region.code, labels: this.labels(region, storedRegions.get(region.code), `regions.${index}`, problems) }));
      const districtRows = regions.flatMap((region, index) =>
        region.districts.map((district, at) => ({
          region: region.code,
          code: district.code,
          labels: this.labels(district, storedDistricts.get(`${region.code}/${district.code}`), `regions.${index}.districts.${at}`, problems),
        })),
      );
      assertNoProblems(problems);
      await refuseUsed(manager, 'region', `SELECT region AS code FROM cases WHERE region = ANY($1)
        UNION SELECT region FROM case_number_counters WHERE region = ANY($1)`, [remove]);
      await refuseUsed(manager, 'district', `SELECT DISTINCT c.region || '/' || c.district AS code FROM cases c
        WHERE c.region = ANY($1) AND c.district IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM ${keptPairs} WHERE kept.region = c.region AND kept.code = c.district)`, params);
      const changes = await applyRows(manager, 'region', regionRows, storedRegions, true);
      const droppedDistricts = await deletedRows(manager, `DELETE FROM districts d WHERE d.region = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM ${keptPairs} WHERE kept.region = d.region AND kept.code = d.code) RETURNING region, code, labels`, params);
      changes.push(...removed('district', droppedDistricts), ...(await applyRows(manager, 'district', districtRows, storedDistricts, true)));
      changes.push(...removed('region', await deletedRows(manager, `DELETE FROM regions WHERE code = ANY($1) RETURNING code, labels`, [remove])));
      return { changes, result: await this.listRegions(language, manager) };
    });
  }

  async replaceAgencies({ agencies, remove = [] }: ReplaceAgenciesDto, principal: Principal, language: string): Promise<AgencyDto[]> {
    assertNationalAdmin(principal);
    const codes = agencies.map((agency) => agency.code);
    const kinds = this.jurisdiction.pack.agencyKinds.map((kind) => kind.code);
    assertNoProblems([
      ...duplicateProblems(codes, 'agencies', 'code'),
      ...agencies.flatMap((agency, index) => packCodeProblem(agency.kind, kinds, `agencies.${index}.kind`, 'agency kinds') ?? []),
      ...removalProblems(codes, remove),
    ]);
    return this.write(principal, async (manager) => {
      const stored = await storedRows(manager, 'agency');
      const problems: FieldProblem[] = [];
      const rows = agencies.map((agency, index) => ({ code: agency.code, labels: this.labels(agency, stored.get(agency.code), `agencies.${index}`, problems), kind: agency.kind }));
      assertNoProblems(problems);
      await refuseUsed(manager, 'agency', `SELECT DISTINCT agency AS code FROM cases WHERE agency = ANY($1)`, [remove]);
      const changes = await applyRows(manager, 'agency', rows, stored, true);
      changes.push(...removed('agency', await deletedRows(manager, `DELETE FROM agencies WHERE code = ANY($1) RETURNING code, labels, kind`, [remove])));
      return { changes, result: await this.listAgencies(language, manager) };
    });
  }

  /** Cases keep the classification they were registered with, so only removing a used article would strand one. */
  async replaceOffences({ offences, remove = [] }: ReplaceOffencesDto, principal: Principal, language: string): Promise<OffenceDto[]> {
    assertNationalAdmin(principal);
    const articles = offences.map((offence) => offence.article);
    const severities = this.jurisdiction.pack.severityClasses.map((severity) => severity.code);
    assertNoProblems([
      ...duplicateProblems(articles, 'offences', 'article'),
      ...offences.flatMap((offence, index) => [
        iccsSectionProblem(offence.iccsCode, offence.iccsSection, `offences.${index}`),
        packCodeProblem(offence.severity, severities, `offences.${index}.severity`, 'severity classes'),
      ].filter((problem) => problem !== undefined)),
      ...removalProblems(articles, remove),
    ]);
    return this.write(principal, async (manager) => {
      const stored = await storedRows(manager, 'offence');
      const problems: FieldProblem[] = [];
      const rows = offences.map((offence, index) => ({
        article: offence.article,
        labels: this.labels({ labels: offence.labels, name: offence.title }, stored.get(offence.article), `offences.${index}`, problems, 'title'),
        severity: offence.severity,
        iccs_code: offence.iccsCode,
        iccs_section: offence.iccsSection,
        sexual_or_gender_based_violence: offence.sexualOrGenderBasedViolence ?? false,
      }));
      assertNoProblems(problems);
      await refuseUsed(manager, 'offence', `SELECT DISTINCT offence_article AS code FROM cases WHERE offence_article = ANY($1)`, [remove]);
      const changes = await applyRows(manager, 'offence', rows, stored, true);
      changes.push(
        ...removed('offence', await deletedRows(
          manager,
          `DELETE FROM offences WHERE article = ANY($1) RETURNING article, labels, severity, iccs_code, iccs_section, sexual_or_gender_based_violence`,
          [remove],
        )),
      );
      return { changes, result: await this.listOffences(language, manager) };
    });
  }

  private named(labels: Labels, language: string): { name: string; labels: Labels } {
    return { name: this.jurisdiction.label(labels, language), labels };
  }

  /** The labels a PUT leaves an item with; problems go to `problems`. */
  private labels(item: { labels?: Record<string, unknown>; name?: string }, stored: StoredRow | undefined, path: string, problems: FieldProblem[], nameField = 'name'): Labels {
    const after = labelsAfterPut(item, stored?.row.labels as Labels | undefined, this.jurisdiction.languages, path, nameField);
    problems.push(...after.problems);
    return after.labels as Labels;
  }

  /** One reference change at a time, in one transaction, recorded in the history under the admin's sub. */
  private async write<T>(principal: Principal, work: (manager: EntityManager) => Promise<{ changes: ReferenceChange[]; result: T }>): Promise<T> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        await manager.query(`SELECT pg_advisory_xact_lock(hashtext('case_registry.reference'))`);
        const { changes, result } = await work(manager);
        await recordChanges(manager, principal.sub, changes);
        return result;
      });
    } catch (error) {
      // A registration that committed after our check now uses a row being removed.
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23503') {
        throw new ConflictError('a case registered meanwhile uses a code being removed; nothing was changed');
      }
      throw error;
    }
  }
}

function removed(kind: ReferenceKind, rows: ReferenceRow[]): ReferenceChange[] {
  return rows.map((row) => ({ kind, code: kind === 'district' ? `${row.region}/${row.code}` : String(row.code ?? row.article), change: 'removed', before: row, after: null }));
}

/** The rows a DELETE … RETURNING removed (the driver answers a DELETE with [rows, count]). */
async function deletedRows(manager: EntityManager, sql: string, params: unknown[]): Promise<ReferenceRow[]> {
  const [rows]: [ReferenceRow[], number] = await manager.query(sql, params);
  return rows;
}

function assertNationalAdmin(principal: Principal): void {
  if (!isNational(principal)) throw new ForbiddenError('reference data is national: only an admin without a region may change it');
}

async function refuseUsed(manager: EntityManager, what: string, sql: string, params: unknown[]): Promise<void> {
  const used: { code: string }[] = await manager.query(sql, params);
  if (used.length) {
    throw new ConflictError(`${what} ${used.map((row) => row.code).join(', ')} is used by cases and cannot be removed; nothing was changed`);
  }
}
