import { EntityManager } from 'typeorm';
import { FieldProblem } from '@icjims/contracts';
import { runStatement, Statement } from '@icjims/persistence';

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
  return jurisdictionProblemsIn((await runStatement(manager, jurisdictionLookup(wanted)))[0], wanted, fields, options);
}

/**
 * The statement of `jurisdictionProblems`, to send with others (queryTogether): one row for the
 * three lookups (a registration's request makes few). A district is found only in its region.
 */
export function jurisdictionLookup(wanted: Jurisdiction): Statement {
  return {
    name: 'jurisdiction-lookup', // prepared once per connection (queryTogether): planning took two thirds of its time
    text: `SELECT (SELECT code FROM regions WHERE code = $1 FOR KEY SHARE) AS region,
            (SELECT code FROM districts WHERE region = $1 AND code = $2 FOR KEY SHARE) AS district,
            EXISTS (SELECT FROM districts WHERE region = $1) AS region_has_districts,
            (SELECT code FROM agencies WHERE code = $3 FOR KEY SHARE) AS agency`,
    values: [wanted.region, wanted.district ?? null, wanted.agency ?? null],
  };
}

/** The problems with `wanted` in the row `jurisdictionLookup` found. */
export function jurisdictionProblemsIn(
  row: unknown,
  wanted: Jurisdiction,
  fields: JurisdictionFields,
  options: { districtRequired?: boolean } = {},
): FieldProblem[] {
  const found = row as { region: string | null; district: string | null; region_has_districts: boolean; agency: string | null };
  const problems: FieldProblem[] = [];
  if (!found.region) problems.push({ field: fields.region, reason: `${fields.region} must be a code from GET /api/v1/reference/regions` });
  if (found.region && wanted.district !== undefined && !found.district) {
    problems.push({ field: fields.district, reason: `${fields.district} must be one of the districts of region ${found.region} in GET /api/v1/reference/regions` });
  }
  if (found.region && wanted.district === undefined && options.districtRequired && found.region_has_districts) {
    problems.push({ field: fields.district, reason: `${fields.district} is required: region ${found.region} has districts (GET /api/v1/reference/regions)` });
  }
  if (wanted.agency !== undefined && !found.agency) {
    problems.push({ field: fields.agency, reason: `${fields.agency} must be a code from GET /api/v1/reference/agencies` });
  }
  return problems;
}
