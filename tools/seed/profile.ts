/**
 * The shape of the synthetic Kyrgyz caseload: rough shares, not statistics. Every code here is
 * checked against the KG jurisdiction pack when the caseload is generated (an unknown code is an
 * error, a pack code left out gets the default weight), so the pack stays the authority on what
 * exists and this file only says how often.
 */

/**
 * Registered crime by region, in percent: approximate population shares (2022 census, ≈7
 * million) leaning towards the capital area, where most crime is registered. Bishkek ≈17 % of the population,
 * Chüy ≈14 %, Osh Region ≈19 %, Jalal-Abad ≈18 %, Issyk-Kul ≈7 %, Batken ≈8 %, Osh City ≈5 %,
 * Naryn ≈4 %, Talas ≈4 %. A region without districts in the pack cannot take a registration
 * (district is required) and gets none.
 */
export const REGION_SHARES: Readonly<Record<string, number>> = {
  'KG-GB': 30,
  'KG-C': 18,
  'KG-O': 12,
  'KG-J': 11,
  'KG-Y': 7,
  'KG-GO': 7,
  'KG-B': 5,
  'KG-N': 5,
  'KG-T': 5,
};

/** Offences by article: fraud and other property-like offences common, the grave ones rare. */
export const OFFENCE_WEIGHTS: Readonly<Record<string, number>> = {
  '209-1': 22, // fraud
  '280': 10, // hooliganism
  '210': 8, // misappropriation, embezzlement
  '312': 8, // road traffic
  '131': 7, // less serious harm to health
  '283': 6, // drugs without intent to sell
  '379': 4, // forgery of documents
  '381': 4, // theft of a document
  '267': 3, // weapons
  '130': 2.5, // serious harm to health
  '343': 2,
  '337': 2,
  '378': 2,
};

/** Articles not listed above, by the pack's severity class. */
export const SEVERITY_WEIGHTS: Readonly<Record<string, number>> = { minor: 2, medium: 1.2, grave: 0.4, especially_grave: 0.1 };

/** Agencies by the pack's `role` of the agency and whether it is the case's region's own. */
export const AGENCY_WEIGHTS = { regionalInvestigation: 60, nationalInvestigation: 20, regionalProsecution: 15, nationalProsecution: 5 } as const;

export const CASE_SOURCE_WEIGHTS = [
  ['complaint', 55],
  ['police_report', 25],
  ['agency_referral', 10],
  ['prosecutor_initiative', 6],
  ['self_report', 4],
] as const;

/** Citizenships of persons: mostly national, some CIS, a few other foreign, stateless (XX) and unknown (null). */
export const CITIZENSHIP_WEIGHTS: readonly (readonly [string | null, number])[] = [
  ['KG', 90],
  ['UZ', 2],
  ['KZ', 1.5],
  ['RU', 1.5],
  ['TJ', 1],
  ['CN', 0.8],
  ['TR', 0.5],
  ['AF', 0.2],
  ['XX', 0.5],
  [null, 2],
];

/** Age at the offence, in years (min, max) with weights: suspects ≈5 % juvenile. */
export const SUSPECT_AGES: readonly (readonly [readonly [number, number], number])[] = [
  [[14, 17], 5],
  [[18, 24], 20],
  [[25, 34], 32],
  [[35, 44], 23],
  [[45, 54], 12],
  [[55, 64], 6],
  [[65, 80], 2],
];

export const VICTIM_AGES: readonly (readonly [readonly [number, number], number])[] = [
  [[3, 13], 4],
  [[14, 17], 8],
  [[18, 24], 16],
  [[25, 34], 22],
  [[35, 44], 20],
  [[45, 54], 14],
  [[55, 64], 10],
  [[65, 85], 6],
];

/** A sentence of a conviction (the step catalogue's type), its weight, its term in months (none: a fine) and the community-work hours a month of it orders. */
export interface SentenceShare {
  type: string;
  weight: number;
  months?: readonly [number, number];
  hoursPerMonth?: number;
}

/** Sentences of a conviction (the step catalogue's types) with their terms in months. */
export const SENTENCES = [
  { type: 'imprisonment', weight: 35, months: [6, 120] },
  { type: 'probation', weight: 22, months: [6, 36] },
  { type: 'fine', weight: 20, months: undefined },
  // Community work is ordered in hours as well (hoursPerMonth of the term); probation supervises it until they are worked.
  { type: 'community_work', weight: 10, months: [2, 12], hoursPerMonth: 20 },
  { type: 'conditional', weight: 13, months: [12, 36] },
] as const satisfies readonly SentenceShare[];

/**
 * The national-scale histories' sentences: supervised in the community a tenth of the time
 * (probation, conditional, community work), so that about one case in twenty opens a probation
 * case, as the Probation Department's caseload stands to the registered crime. Each sentence
 * draws as many numbers as the default's (a term, or a fine), so only the types differ.
 */
export const NATIONAL_SENTENCES: readonly SentenceShare[] = [
  { type: 'imprisonment', weight: 45, months: [6, 120] },
  { type: 'probation', weight: 5, months: [6, 36] },
  { type: 'fine', weight: 45 },
  { type: 'community_work', weight: 2, months: [2, 12], hoursPerMonth: 20 },
  { type: 'conditional', weight: 3, months: [12, 36] },
];

/** Preventive measures other than custody for suspects at liberty; codes the pack lacks are skipped. */
export const MEASURE_WEIGHTS: Readonly<Record<string, number>> = { travel_ban: 50, bail: 20, house_arrest: 15, electronic_monitoring: 8, military_command_supervision: 1 };

/** Syllables of obviously invented names: no real person is meant. */
export const NAME_SYLLABLES = ['ak', 'ba', 'zu', 'ke', 'mo', 'ri', 'ta', 'lo', 'nu', 'sy', 've', 'dor', 'kal', 'mir', 'tek', 'ul'] as const;
