import type { JurisdictionPack, Labels } from '@icjims/jurisdiction';
import { PACK_LISTS, PackList, PREVENTIVE_MEASURES, RELIED_ON_CODES, STEP_CATALOGUE, StepTypeSpec, TERMINATION_GROUNDS } from './step-catalogue';

/** The journal's own codes of each pack list, for a pack that lists none. */
const FALLBACK_CODES: Readonly<Record<PackList, readonly string[]>> = { preventiveMeasures: PREVENTIVE_MEASURES, terminationGrounds: TERMINATION_GROUNDS };

export type PackLists = Pick<JurisdictionPack, PackList>;

/**
 * The step catalogue under a jurisdiction pack: a field that takes a preventive measure or a
 * termination ground allows the codes of the pack's list. A pack that lists codes for it is
 * authoritative; one that lists none leaves the journal's own codes in place (`fallbacks`),
 * so that the field can still be filled.
 */
export class StepTypes {
  readonly all: readonly StepTypeSpec[];
  /** The lists for which the pack has no codes, so the journal's own codes apply. */
  readonly fallbacks: readonly PackList[];
  private readonly byCode: ReadonlyMap<string, StepTypeSpec>;
  private readonly labels: Readonly<Record<PackList, ReadonlyMap<string, Labels>>>;

  constructor(readonly lists: PackLists = { preventiveMeasures: [], terminationGrounds: [] }) {
    this.fallbacks = PACK_LISTS.filter((list) => lists[list].length === 0);
    this.labels = {
      preventiveMeasures: new Map(lists.preventiveMeasures.map((term) => [term.code, term.labels])),
      terminationGrounds: new Map(lists.terminationGrounds.map((term) => [term.code, term.labels])),
    };
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
    return this.fallbacks.includes(list) ? FALLBACK_CODES[list] : this.lists[list].map((term) => term.code);
  }

  /** The pack's labels of a code; none for a list that falls back to the journal's codes. */
  labelsOf(list: PackList, code: string): Labels | undefined {
    return this.labels[list].get(code);
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
