import type { ProbationOffice, ProbationPack } from '@icjims/jurisdiction';

/** An officer's current caseload: the active and absconded cases allocated to them. */
export interface Caseload {
  office: string;
  officerId: string;
  cases: number;
}

export interface AllocationSuggestion {
  office: string;
  /** Absent when no officer of the office has a caseload on record yet. */
  officerId?: string;
}

/**
 * The office that serves where the person lives: one of the region that lists the district, else
 * one that serves the whole region (no districts). Several alike: the first in the pack.
 */
export function officeFor(pack: ProbationPack, region: string, district?: string): ProbationOffice | undefined {
  const ofRegion = pack.offices.filter((office) => office.region === region);
  return (district !== undefined ? ofRegion.find((office) => office.districts.includes(district)) : undefined) ?? ofRegion.find((office) => office.districts.length === 0);
}

/**
 * A suggestion for an allocation: the office serving the person's region and district, and its
 * officer with the fewest cases (ties by id, so the suggestion is stable). The officers are
 * those `caseloads` lists for the office — the ones the service knows, zero cases included.
 */
export function suggestAllocation(pack: ProbationPack, where: { region: string; district?: string }, caseloads: readonly Caseload[]): AllocationSuggestion | undefined {
  const office = officeFor(pack, where.region, where.district);
  if (!office) return undefined;
  const [lightest] = caseloads
    .filter((caseload) => caseload.office === office.code)
    .sort((a, b) => a.cases - b.cases || a.officerId.localeCompare(b.officerId));
  return lightest ? { office: office.code, officerId: lightest.officerId } : { office: office.code };
}

/**
 * The offices that take a stream not yet allocated, by where it belongs: the office `officeFor`
 * names, else — no office serves that place, or the place is not known — every office of the
 * region, so that nothing waits unseen.
 */
export function servingOffices(pack: ProbationPack, region: string, district?: string): string[] {
  const office = officeFor(pack, region, district);
  return office ? [office.code] : pack.offices.filter((candidate) => candidate.region === region).map((candidate) => candidate.code);
}

/**
 * What an office takes of its region's streams not yet allocated, as `servingOffices` decides,
 * in a form a query can filter on: the districts it lists, and whether it also takes a district
 * no office of the region lists (`listedInRegion`) and a place not known — as the region's first
 * office that lists none does, or every office where the region has none such.
 */
export interface OfficeTakes {
  region: string;
  districts: string[];
  listedInRegion: string[];
  takesTheRest: boolean;
}

export function officeTakes(pack: ProbationPack, code: string): OfficeTakes | undefined {
  const office = pack.offices.find((candidate) => candidate.code === code);
  if (!office) return undefined;
  const ofRegion = pack.offices.filter((candidate) => candidate.region === office.region);
  const forTheRest = ofRegion.find((candidate) => candidate.districts.length === 0);
  return {
    region: office.region,
    districts: office.districts,
    listedInRegion: ofRegion.flatMap((candidate) => candidate.districts),
    takesTheRest: forTheRest === undefined || forTheRest.code === office.code,
  };
}

/** Whether an office takes a stream of its region from `district` (undefined: not known), by its `OfficeTakes`. */
export function takes(office: OfficeTakes, district?: string): boolean {
  if (district !== undefined && office.districts.includes(district)) return true;
  return office.takesTheRest && (district === undefined || !office.listedInRegion.includes(district));
}
