import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, QueryFailedError } from 'typeorm';
import { isNational, Principal } from '@icjims/auth';
import { ConflictError, ForbiddenError } from '@icjims/contracts';
import { assertNoProblems } from '../field-problems';
import { Agency } from './agency.entity';
import { District } from './district.entity';
import { Offence } from './offence.entity';
import { Region } from './region.entity';
import { AgencyDto, OffenceDto, RegionDto, ReplaceAgenciesDto, ReplaceOffencesDto, ReplaceRegionsDto } from './reference.dto';
import { duplicateProblems, iccsSectionProblem, removalProblems } from './reference-rules';

/** Reference data: read by anyone signed in, changed by a national admin, never in a way that strands a case. */
@Injectable()
export class ReferenceService {
  constructor(private readonly dataSource: DataSource) {}

  async listRegions(manager: EntityManager = this.dataSource.manager): Promise<RegionDto[]> {
    const regions = await manager.find(Region, { order: { code: 'ASC' } });
    const districts = await manager.find(District, { order: { region: 'ASC', code: 'ASC' } });
    return regions.map(({ code, name }) => ({
      code,
      name,
      districts: districts.filter((district) => district.region === code).map((district) => ({ code: district.code, name: district.name })),
    }));
  }

  listAgencies(manager: EntityManager = this.dataSource.manager): Promise<AgencyDto[]> {
    return manager.find(Agency, { order: { code: 'ASC' } });
  }

  listOffences(manager: EntityManager = this.dataSource.manager): Promise<OffenceDto[]> {
    return manager.find(Offence, { order: { article: 'ASC' } });
  }

  /** Upserts the listed regions, makes each one's districts exactly those listed, and removes `remove`. */
  async replaceRegions({ regions, remove = [] }: ReplaceRegionsDto, principal: Principal): Promise<RegionDto[]> {
    assertNationalAdmin(principal);
    const codes = regions.map((region) => region.code);
    assertNoProblems([
      ...duplicateProblems(codes, 'regions', 'code'),
      ...regions.flatMap((region, index) => duplicateProblems(region.districts.map((district) => district.code), `regions.${index}.districts`, 'code')),
      ...removalProblems(codes, remove),
    ]);
    const touched = [...codes, ...remove];
    const kept = regions.flatMap((region) => region.districts.map((district) => ({ region: region.code, ...district })));
    const params = [touched, kept.map((district) => district.region), kept.map((district) => district.code)];
    const keptPairs = 'unnest($2::text[], $3::text[]) AS kept (region, code)';
    return this.write(async (manager) => {
      await refuseUsed(manager, 'region', `SELECT region AS code FROM cases WHERE region = ANY($1)
        UNION SELECT region FROM case_number_counters WHERE region = ANY($1)`, [remove]);
      await refuseUsed(manager, 'district', `SELECT DISTINCT c.region || '/' || c.district AS code FROM cases c
        WHERE c.region = ANY($1) AND c.district IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM ${keptPairs} WHERE kept.region = c.region AND kept.code = c.district)`, params);
      if (regions.length) await manager.upsert(Region, regions.map(({ code, name }) => ({ code, name })), ['code']);
      await manager.query(`DELETE FROM districts d WHERE d.region = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM ${keptPairs} WHERE kept.region = d.region AND kept.code = d.code)`, params);
      if (kept.length) await manager.upsert(District, kept, ['region', 'code']);
      if (remove.length) await manager.delete(Region, { code: In(remove) });
      return this.listRegions(manager);
    });
  }

  async replaceAgencies({ agencies, remove = [] }: ReplaceAgenciesDto, principal: Principal): Promise<AgencyDto[]> {
    assertNationalAdmin(principal);
    const codes = agencies.map((agency) => agency.code);
    assertNoProblems([...duplicateProblems(codes, 'agencies', 'code'), ...removalProblems(codes, remove)]);
    return this.write(async (manager) => {
      await refuseUsed(manager, 'agency', `SELECT DISTINCT agency AS code FROM cases WHERE agency = ANY($1)`, [remove]);
      if (agencies.length) await manager.upsert(Agency, agencies, ['code']);
      if (remove.length) await manager.delete(Agency, { code: In(remove) });
      return this.listAgencies(manager);
    });
  }

  /** Cases keep the classification they were registered with, so only removing a used article would strand one. */
  async replaceOffences({ offences, remove = [] }: ReplaceOffencesDto, principal: Principal): Promise<OffenceDto[]> {
    assertNationalAdmin(principal);
    const articles = offences.map((offence) => offence.article);
    assertNoProblems([
      ...duplicateProblems(articles, 'offences', 'article'),
      ...offences.flatMap((offence, index) => iccsSectionProblem(offence.iccsCode, offence.iccsSection, `offences.${index}`) ?? []),
      ...removalProblems(articles, remove),
    ]);
    return this.write(async (manager) => {
      await refuseUsed(manager, 'offence', `SELECT DISTINCT offence_article AS code FROM cases WHERE offence_article = ANY($1)`, [remove]);
      if (offences.length) await manager.upsert(Offence, offences, ['article']);
      if (remove.length) await manager.delete(Offence, { article: In(remove) });
      return this.listOffences(manager);
    });
  }

  /** One reference change at a time, in one transaction. */
  private async write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        await manager.query(`SELECT pg_advisory_xact_lock(hashtext('case_registry.reference'))`);
        return work(manager);
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

function assertNationalAdmin(principal: Principal): void {
  if (!isNational(principal)) throw new ForbiddenError('reference data is national: only an admin without a region may change it');
}

async function refuseUsed(manager: EntityManager, what: string, sql: string, params: unknown[]): Promise<void> {
  const used: { code: string }[] = await manager.query(sql, params);
  if (used.length) {
    throw new ConflictError(`${what} ${used.map((row) => row.code).join(', ')} is used by cases and cannot be removed; nothing was changed`);
  }
}
