import { JurisdictionPack, Labels, localDate } from '@icjims/jurisdiction';
import {
  PACK_LISTS, PackList, PREVENTIVE_MEASURES, PROBATION_OBLIGATIONS, RELIED_ON_CODES, REPORT_REQUESTERS, STEP_CATALOGUE, StepTypeSpec, TERMINATION_GROUNDS,
} from './step-catalogue';

/** The journal's own codes of each pack list, for a pack that lists none (courts are only ever the pack's). */
const FALLBACK_CODES: Readonly<Record<PackList, readonly string[]>> = {
  preventiveMeasures: PREVENTIVE_MEASURES,
  terminationGrounds: TERMINATION_GROUNDS,
  courtLevels: [],
  appealCourtLevels: [],
  probationObligations: PROBATION_OBLIGATIONS,
  reportRequesters: REPORT_REQUESTERS,
};

/**
 * What of a pack the catalogue reads. `probation` may be missing from a pack written before
 * probation was (its lists then fall back); `timeZone` gives the day a due date is compared with.
 */
export type PackLists = Pick<JurisdictionPack, 'preventiveMeasures' | 'terminationGrounds' | 'courtLevels'> & {
  probation?: Partial<Pick<JurisdictionPack['probation'], 'obligations' | 'reportRequesters'>>;
  timeZone?: string;
};

/** Each list's terms, in order: court levels from the lowest rank up, appeal levels without the lowest. */
function termsOf(lists: PackLists): Record<PackList, readonly { code: string; labels: Labels }[]> {
  const levels = [...lists.courtLevels].sort((a, b) => a.rank - b.rank);
  const lowest = levels[0]?.rank;
  return {
    preventiveMeasures: lists.preventiveMeasures,
    terminationGrounds: lists.terminationGrounds,
    courtLevels: levels,
    appealCourtLevels: levels.filter((level) => level.rank > lowest),
    probationObligations: lists.probation?.obligations ?? [],
    reportRequesters: lists.probation?.reportRequesters ?? [],
  };
}

/**
 * The step catalogue under a jurisdiction pack: a field that takes a preventive measure, a
 * termination ground, a court level, a probation obligation or a report requester allows the
 * codes of the pack's list. A pack that lists codes for it is
 * authoritative; one that lists none leaves the journal's own codes in place (`fallbacks`),
 * so that the field can still be filled.
 */
export class StepTypes {
  readonly all: readonly StepTypeSpec[];
  /** The lists for which the pack has no codes, so the journal's own codes apply. */
  readonly fallbacks: readonly PackList[];
  private readonly byCode: ReadonlyMap<string, StepTypeSpec>;
  private readonly terms: Readonly<Record<PackList, readonly { code: string; labels: Labels }[]>>;
  private readonly labels: Readonly<Record<PackList, ReadonlyMap<string, Labels>>>;
  private readonly timeZone: string;

  constructor(lists: PackLists = { preventiveMeasures: [], terminationGrounds: [], courtLevels: [] }) {
    this.terms = termsOf(lists);
    this.timeZone = lists.timeZone ?? 'UTC';
    this.fallbacks = PACK_LISTS.filter((list) => this.terms[list].length === 0);
    const labelsOf = (list: PackList) => new Map(this.terms[list].map((term) => [term.code, term.labels]));
    this.labels = Object.fromEntries(PACK_LISTS.map((list) => [list, labelsOf(list)])) as unknown as Record<PackList, ReadonlyMap<string, Labels>>;
    this.all = STEP_CATALOGUE.map((spec) => ({
      ...spec,
      fields: spec.fields.map((field) => (field.valuesFrom ? { ...field, values: this.codes(field.valuesFrom) } : field)),
    }));
    this.byCode = new Map(this.all.map((spec) => [spec.code, spec]));
  }

  spec(code: string): StepTypeSpec | undefined {
    return this.byCode.get(code);
  }

  /** The codes a field fed by `list` allows. */
  codes(list: PackList): readonly string[] {
    return this.fallbacks.includes(list) ? FALLBACK_CODES[list] : this.terms[list].map((term) => term.code);
  }

  /** The pack's labels of a code; none for a list that falls back to the journal's codes. */
  labelsOf(list: PackList, code: string): Labels | undefined {
    return this.labels[list].get(code);
  }

  /** The day `now` falls on in the pack's time zone (YYYY-MM-DD): what a due date may not precede. */
  today(now: Date): string {
    return localDate(now, this.timeZone);
  }

  /** Why the journal cannot run under these lists: a code its rules rely on that the pack's list lacks. */
  problems(): string[] {
    return PACK_LISTS.flatMap((list) =>
      RELIED_ON_CODES[list]
        .filter((code) => !this.codes(list).includes(code))
        .map((code) => `${list}: the journal's rules rely on the code ${code}, which the pack does not list`),
    );
  }
}

/** The catalogue with the journal's own codes everywhere: for rules checked outside an installation (tests, docs). */
export const JOURNAL_STEP_TYPES = new StepTypes();
