import { BUILT_IN_PACKS, JurisdictionPack } from '@icjims/jurisdiction';
import { rulesOfPack } from './pack-deadline-rules';

/**
 * The Estonian SAMPLE rules that migration 220 seeds (marked `sample-seed`), now taken from the
 * EE pack that holds them. Only that migration reads this: a committed migration is never
 * edited, and at the first start adoptDeadlineRules replaces them with the installation's pack.
 */
export const SAMPLE_DEADLINE_RULES = rulesOfPack(BUILT_IN_PACKS.EE as JurisdictionPack);
