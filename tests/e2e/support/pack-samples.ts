/**
 * The thin path's data in each built-in jurisdiction pack: a region with one of its districts
 * and agencies, a second region (whose officials must be refused), an offence, and a suspect
 * whose national ID follows the pack's scheme. Each code is one of the pack's own files
 * (libs/jurisdiction/packs/<code>.json); the thin path checks that the pack knows them.
 */
export interface PackSample {
  /** ICJIMS_JURISDICTION of the pack. */
  code: 'KG' | 'KZ' | 'EE';
  region: string;
  district: string;
  agency: string;
  otherRegion: string;
  offenceArticle: string;
  description: string;
  suspect: { givenName: string; familyName: string; nationalId: string; dateOfBirth: string; sex: 'female' | 'male'; citizenship: string };
  /** A well-formed ID of another country's scheme, which this pack's must refuse. */
  foreignNationalId: string;
  /** A language of the pack other than English. */
  language: string;
  /** A sentenceType whose sentence one of the pack's probation case types opens on (KZ has no probation sentence: a conditional one). */
  supervisedSentenceType: string;
}

export const PACK_SAMPLES: Record<PackSample['code'], PackSample> = {
  // The default: Bishkek, Leninsky district, the city's internal affairs directorate, fraud (CC art. 209 part 1).
  KG: {
    code: 'KG',
    region: 'KG-GB',
    district: 'leninsky',
    agency: 'GUVD-GB',
    otherRegion: 'KG-C',
    offenceArticle: '209-1',
    description: 'Deposit for a flat taken, flat never let',
    // PIN: sex digit 2 (male), born 15.03.1990, serial 12345.
    suspect: { givenName: 'Azamat', familyName: 'Toktogulov', nationalId: '21503199012345', dateOfBirth: '1990-03-15', sex: 'male', citizenship: 'KG' },
    foreignNationalId: '850615300129',
    language: 'ky',
    supervisedSentenceType: 'probation',
  },
  // Astana, Yesil district, the city's police department, fraud (CC art. 190 part 1).
  KZ: {
    code: 'KZ',
    region: 'KZ-71',
    district: 'yesil',
    agency: 'DP-71',
    otherRegion: 'KZ-75',
    offenceArticle: '190-1',
    description: 'Advance paid for a car that was never delivered',
    // IIN: born 1985-06-15, century-and-sex digit 3 (male, 1900s), serial 0012, check digit 9.
    suspect: { givenName: 'Yerlan', familyName: 'Nurlanov', nationalId: '850615300129', dateOfBirth: '1985-06-15', sex: 'male', citizenship: 'KZ' },
    foreignNationalId: '21503199012345',
    language: 'kk',
    supervisedSentenceType: 'conditional',
  },
  // The sample data the system was built with: Harju, Tallinn, the police's northern prefecture, theft (PenC § 199 part 1).
  EE: {
    code: 'EE',
    region: 'EE-37',
    district: 'tallinn',
    agency: 'PPA-NORTH',
    otherRegion: 'EE-78',
    offenceArticle: '199-1',
    description: 'Bicycle stolen from a courtyard',
    // Isikukood: century-and-sex digit 3 (male, 1900s), born 1980-01-08, serial 571, check digit 8.
    suspect: { givenName: 'Kalev', familyName: 'Tamm', nationalId: '38001085718', dateOfBirth: '1980-01-08', sex: 'male', citizenship: 'EE' },
    foreignNationalId: '850615300129',
    language: 'et',
    supervisedSentenceType: 'probation',
  },
};
