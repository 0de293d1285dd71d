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
