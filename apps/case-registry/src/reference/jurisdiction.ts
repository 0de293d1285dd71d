import { EntityManager } from 'typeorm';
import { FieldProblem } from '@icjims/contracts';
import { Agency } from './agency.entity';
import { District } from './district.entity';
import { Region } from './region.entity';

export interface Jurisdiction {
  region: string;
  district?: string;
  agency?: string;
}

/** The request fields that carry each part of a jurisdiction, for naming them in problems. */
export type JurisdictionFields = Record<keyof Jurisdiction, string>;

/**
 * Field problems with a region, district and agency against the reference data. The rows
 * found stay locked (FOR KEY SHARE) until the caller's transaction ends, so an admin cannot
 * remove them between this check and the caller's write. `districtRequired`: a region that has
 * districts needs one (a city without districts, such as Osh, needs none).
 */
export async function jurisdictionProblems(
  manager: EntityManager,
  wanted: Jurisdiction,
  fields: JurisdictionFields,
  options: { districtRequired?: boolean } = {},
): Promise<FieldProblem[]> {
  const lock = { mode: 'for_key_share' } as const;
  const problems: FieldProblem[] = [];
  const region = await manager.findOne(Region, { where: { code: wanted.region }, lock });
  if (!region) problems.push({ field: fields.region, reason: `${fields.region} must be a code from GET /api/v1/reference/regions` });
  if (region && wanted.district !== undefined && !(await manager.findOne(District, { where: { region: region.code, code: wanted.district }, lock }))) {
    problems.push({ field: fields.district, reason: `${fields.district} must be one of the districts of region ${region.code} in GET /api/v1/reference/regions` });
  }
  if (region && wanted.district === undefined && options.districtRequired && (await manager.existsBy(District, { region: region.code }))) {
    problems.push({ field: fields.district, reason: `${fields.district} is required: region ${region.code} has districts (GET /api/v1/reference/regions)` });
  }
  if (wanted.agency !== undefined && !(await manager.findOne(Agency, { where: { code: wanted.agency }, lock }))) {
    problems.push({ field: fields.agency, reason: `${fields.agency} must be a code from GET /api/v1/reference/agencies` });
  }
  return problems;
}
