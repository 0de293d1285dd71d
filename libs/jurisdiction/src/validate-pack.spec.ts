import ee from '../packs/ee.json';
import { validatePack } from './validate-pack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test fixtures poke at any field

/** The EE pack with one change: every case below starts from a valid pack. */
function problemsAfter(change: (pack: Json) => void, options?: Parameters<typeof validatePack>[1]): string[] {
  const pack = structuredClone(ee) as Json;
  change(pack);
  return validatePack(pack, options);
}

/** Step types as the journal's catalogue would pass them (a copy of a few, as plain data). */
const STEP_TYPES = {
  detention: {},
  release_from_detention: { ground: ['custody_refused', 'grounds_ceased', 'term_expired', 'other_measure_applied', 'other'] },
  preventive_measure_applied: { measure: ['custody', 'house_arrest', 'bail', 'personal_guarantee', 'travel_ban', 'electronic_monitoring', 'suspension_from_office', 'restraining_order'] },
};

describe('validatePack', () => {
  it('accepts the EE pack', () => {
    expect(validatePack(ee)).toEqual([]);
  });

  it.each([null, [], 'EE', 42, undefined])('refuses %j as no pack at all', (candidate) => {
    expect(validatePack(candidate)).toEqual(['pack: must be a JSON object']);
  });

  describe('the shape', () => {
    it.each<[string, (pack: Json) => void, string[]]>([
      ['a missing field', (p) => delete p.timeZone, ['timeZone: is missing']],
      ['a list that is no array', (p) => (p.regions = {}), ['regions: must be an array']],
      ['an element that is no object', (p) => (p.regions[1] = 'EE-39'), ['regions[1]: must be an object', 'probation.offices[1].region: EE-39 is not in regions']],
      ['an empty version', (p) => (p.version = ' '), ['version: must be a non-empty string']],
      ['sampleData that is no list of strings', (p) => (p.sampleData = ['fine', 7]), ['sampleData[1]: must be a string']],
      ['a wrong enum value', (p) => (p.regions[0].kind = 'county'), ['regions[0].kind: must be one of: region, city']],
      ['a non-boolean flag', (p) => (p.offences[0].sexualOrGenderBasedViolence = 'no'), ['offences[0].sexualOrGenderBasedViolence: must be true or false']],
      ['a court level rank of 0', (p) => (p.courtLevels[0].rank = 0), ['courtLevels[0].rank: must be an integer of at least 1']],
      ['an unknown time zone', (p) => (p.timeZone = 'Asia/Atlantis'), ['timeZone: must be an IANA time zone known to Intl, e.g. Asia/Bishkek']],
      ['a pack code that is no country', (p) => (p.code = 'ZZ'), expect.arrayContaining(['code: must be an ISO 3166-1 alpha-2 code'])],
      ['a language that is no primary tag', (p) => (p.languages = ['et', 'en-GB']), expect.arrayContaining(['languages[1]: must be a primary language tag such as en, ky or ru'])],
      ['a region code of another country', (p) => (p.regions[0].code = 'KG-C'), expect.arrayContaining(['regions[0].code: must be an ISO 3166-2 code of EE (EE-…)'])],
      ['an upper-case district code', (p) => (p.regions[0].districts[1].code = 'Keila'), ['regions[0].districts[1].code: must be lower-case ASCII letters, digits and hyphens']],
      ['a lower-case agency code', (p) => (p.agencies[0].code = 'ppa-north'), ['agencies[0].code: must be upper-case ASCII letters, digits and hyphens']],
      ['an ICCS code with letters', (p) => (p.offences[3].iccsCode = '03A'), ['offences[3].iccsCode: must be 2 to 6 digits']],
      ['a citation without article', (p) => delete p.offences[0].cites.article, ['offences[0].cites.article: is missing']],
    ])('names %s', (_scenario, change, expected) => {
      expect(problemsAfter(change)).toEqual(expected);
    });

    it('wants every label in every language of the pack, and in English', () => {
      expect(
        problemsAfter((p) => {
          delete p.regions[0].labels.et;
          p.offences[2].labels.en = '';
          p.languages = ['et'];
        }),
      ).toEqual(['regions[0].labels.et: missing the et label', 'offences[2].labels.en: missing the en label', 'languages: must include en']);
    });

    it('wants labels in a language the pack adds', () => {
      expect(problemsAfter((p) => p.languages.push('ru'))).toContain('labels.ru: missing the ru label');
    });
  });

  describe('codes and references', () => {
    it.each<[string, (pack: Json) => void, string]>([
      ['a duplicate region code', (p) => ((p.regions[3].code = 'EE-37'), p.probation.offices.splice(3, 1)), 'regions[3].code: duplicate region code EE-37'],
      ['a duplicate district code within a region', (p) => (p.regions[0].districts[2].code = 'keila'), 'regions[0].districts[2].code: duplicate district code in EE-37 keila'],
      ['a duplicate agency code', (p) => (p.agencies[5].code = 'KAPO'), 'agencies[11].code: duplicate agency code KAPO'],
      ['a duplicate offence article', (p) => (p.offences[12].article = '113'), 'offences[12].article: duplicate offence article 113'],
      ['a duplicate ICCS section', (p) => (p.iccsSections[10].code = '01'), 'iccsSections[10].code: duplicate ICCS section 01'],
      ['a duplicate rule code', (p) => (p.deadlineRules[2].code = 'custody_term'), 'deadlineRules[2].code: duplicate deadline rule custody_term'],
      ['a duplicate measure', (p) => (p.preventiveMeasures[1].code = 'custody'), 'preventiveMeasures[1].code: duplicate preventive measure custody'],
      ['a duplicate source id', (p) => p.sources.push({ ...p.sources[0] }), 'sources[4].id: duplicate source id ee-constitution'],
      ['an unknown agency kind', (p) => (p.agencies[0].kind = 'militia'), 'agencies[0].kind: militia is not in agencyKinds'],
      ['an agency in an unknown region', (p) => (p.agencies[0].region = 'EE-99'), 'agencies[0].region: EE-99 is not in regions'],
      ['an unknown court level', (p) => (p.courts[0].level = 'district'), 'courts[0].level: district is not in courtLevels'],
      ['a court in an unknown region', (p) => (p.courts[0].region = 'EE-01'), 'courts[0].region: EE-01 is not in regions'],
      ['an unknown severity', (p) => (p.offences[0].severity = 'capital'), 'offences[0].severity: capital is not in severityClasses'],
      ['an article mapped to an unknown ICCS section', (p) => (p.offences[12].iccsCode = '1301'), 'offences[12].iccsCode: section 13 is not in iccsSections'],
      ['an offence citing an unknown source', (p) => (p.offences[1].cites.source = 'ee-cc'), 'offences[1].cites.source: ee-cc is not in sources'],
      ['a rule citing an unknown source', (p) => (p.deadlineRules[0].cites[1].source = 'kg-ccp-2021'), 'deadlineRules[0].cites[1].source: kg-ccp-2021 is not in sources'],
      ['a measure citing an unknown source', (p) => (p.preventiveMeasures[0].cites.source = 'x'), 'preventiveMeasures[0].cites.source: x is not in sources'],
      ['a national ID citing an unknown source', (p) => (p.nationalId.cites = { source: 'evs', article: '1' }), 'nationalId.cites.source: evs is not in sources'],
    ])('names %s', (_scenario, change, expected) => {
      expect(problemsAfter(change)).toEqual([expected]);
    });

    it('allows the same district code in two regions', () => {
      expect(problemsAfter((p) => (p.regions[1].districts[0].code = 'tallinn'))).toEqual([]);
    });
  });

  describe('deadline rules', () => {
    it.each<[string, (pack: Json) => void, string[]]>([
      ['a rule citing no article', (p) => (p.deadlineRules[2].cites = []), ['deadlineRules[2].cites: a rule must cite at least one article']],
      ['a rule starting with nothing', (p) => (p.deadlineRules[0].startsWith = []), ['deadlineRules[0].startsWith: a rule must start with at least one step']],
      ['a term that is neither', (p) => (p.deadlineRules[0].term = '48h'), ['deadlineRules[0].term: must be a duration { amount, unit } or { field }']],
      [
        'a term of no length in an unknown unit',
        (p) => (p.deadlineRules[0].term = { amount: 0, unit: 'weeks' }),
        ['deadlineRules[0].term.amount: must be an integer of at least 1', 'deadlineRules[0].term.unit: must be one of: hours, days, months'],
      ],
      ['a term field that is empty', (p) => (p.deadlineRules[1].term = { field: '' }), ['deadlineRules[1].term.field: must be a non-empty string']],
      ['an unknown scope', (p) => (p.deadlineRules[0].scope = 'court'), ['deadlineRules[0].scope: must be one of: case, person']],
      ['an extension without untilField', (p) => delete p.deadlineRules[1].extendedBy[0].untilField, ['deadlineRules[1].extendedBy[0].untilField: is missing']],
      ['a where with an object value', (p) => (p.deadlineRules[0].stoppedBy[1].where = { measure: { is: 'custody' } }), ['deadlineRules[0].stoppedBy[1].where: must be an object of field values (strings, numbers or booleans)']],
    ])('names %s', (_scenario, change, expected) => {
      expect(problemsAfter(change)).toEqual(expected);
    });

    it('checks step types and enum values only when the journal’s step types are given', () => {
      const change = (p: Json) => {
        p.deadlineRules[0].startsWith[0].stepType = 'arrest';
        p.deadlineRules[0].stoppedBy[1].where.measure = 'jail';
      };
      expect(problemsAfter(change)).toEqual([]);
      const withCatalogue = problemsAfter(change, { stepTypes: { ...STEP_TYPES, proceedings_terminated: {}, case_closed: {}, case_joined: {}, preventive_measure_changed: {} } });
      expect(withCatalogue.filter((problem) => problem.startsWith('deadlineRules[0].'))).toEqual([
        'deadlineRules[0].startsWith[0].stepType: arrest is not a step type of the journal',
        'deadlineRules[0].stoppedBy[1].where.measure: jail is not a value of preventive_measure_applied.measure',
      ]);
    });

    it('names every rule’s step type the catalogue lacks', () => {
      const problems = validatePack(ee, { stepTypes: STEP_TYPES });
      expect(problems).toContain('deadlineRules[0].stoppedBy[3].stepType: proceedings_terminated is not a step type of the journal');
      expect(problems).toContain('deadlineRules[7].startsWith[0].stepType: investigation_started is not a step type of the journal');
    });
  });

  describe('the probation section', () => {
    it.each<[string, (pack: Json) => void, string[]]>([
      ['a missing probation section', (p) => delete p.probation, ['probation: is missing']],
      ['a missing list', (p) => delete p.probation.contactKinds, ['probation.contactKinds: is missing']],
      ['an office code in lower case', (p) => (p.probation.offices[0].code = 'pr-ee-37'), ['probation.offices[0].code: must be 1 to 32 upper-case ASCII letters, digits and hyphens']],
      ['an office code too long for the event', (p) => (p.probation.offices[0].code = `PR-${'X'.repeat(30)}`), ['probation.offices[0].code: must be 1 to 32 upper-case ASCII letters, digits and hyphens']],
      ['an office in an unknown region', (p) => (p.probation.offices[0].region = 'EE-99'), ['probation.offices[0].region: EE-99 is not in regions']],
      ['an office serving a district of another region', (p) => (p.probation.offices[0].districts = ['keila', 'tartu']), ['probation.offices[0].districts[1]: tartu is not a district of EE-37']],
      [
        'a district served by two offices',
        (p) => ((p.probation.offices[0].districts = ['keila']), p.probation.offices.push({ ...p.probation.offices[0], code: 'PR-EE-37-KEILA' })),
        ['probation.offices[15].districts[0]: keila is already served by PR-EE-37'],
      ],
      ['a duplicate office code', (p) => (p.probation.offices[1].code = 'PR-EE-37'), ['probation.offices[1].code: duplicate probation office PR-EE-37']],
      ['a duplicate obligation', (p) => (p.probation.obligations[1].code = 'report_regularly'), ['probation.obligations[1].code: duplicate obligation report_regularly']],
      ['a duplicate violation response', (p) => (p.probation.violationResponses[1].code = 'warning'), ['probation.violationResponses[1].code: duplicate violation response warning']],
      ['a response required earlier that the pack does not have', (p) => (p.probation.violationResponses[3].requiresEarlier = ['written_warning']), ['probation.violationResponses[3].requiresEarlier[0]: written_warning is not in probation.violationResponses']],
      [
        'a response required earlier of the same or a higher rank',
        (p) => (p.probation.violationResponses[2].requiresEarlier = ['warning', 'court_extension', 'court_revocation']),
        [
          'probation.violationResponses[2].requiresEarlier[1]: court_extension (rank 3) must be of lower rank than court_extension (rank 3)',
          'probation.violationResponses[2].requiresEarlier[2]: court_revocation (rank 4) must be of lower rank than court_extension (rank 3)',
        ],
      ],
      ['an empty list of responses required earlier', (p) => (p.probation.violationResponses[3].requiresEarlier = []), ['probation.violationResponses[3].requiresEarlier: must name at least one response']],
      ['a case type opening on nothing', (p) => (p.probation.caseTypes[0].opensOn = []), ['probation.caseTypes[0].opensOn: a case type must open on at least one step']],
      ['a case type citing nothing', (p) => (p.probation.caseTypes[0].cites = []), ['probation.caseTypes[0].cites: a case type must cite at least one article']],
      ['a case type citing an unknown source', (p) => (p.probation.caseTypes[1].cites[0].source = 'kg-ccp-2021'), ['probation.caseTypes[1].cites[0].source: kg-ccp-2021 is not in sources']],
      ['an obligation citing an unknown source', (p) => (p.probation.obligations[2].cites.source = 'ee-kh'), ['probation.obligations[2].cites.source: ee-kh is not in sources']],
      ['an instrument citing an unknown source', (p) => (p.probation.riskInstruments[0].cites.source = 'x'), ['probation.riskInstruments[0].cites.source: x is not in sources']],
      ['a community-work flag that is no boolean', (p) => (p.probation.caseTypes[1].communityWork = 'yes'), ['probation.caseTypes[1].communityWork: must be true or false']],
      ['an unknown measure', (p) => (p.probation.obligations[0].measure = 'weekly'), ['probation.obligations[0].measure: must be one of: every_days, due_date, hours, none']],
      ['a missed reason without excused', (p) => delete p.probation.missedReasons[0].excused, ['probation.missedReasons[0].excused: is missing']],
      ['a rank of 0', (p) => (p.probation.violationResponses[0].rank = 0), ['probation.violationResponses[0].rank: must be an integer of at least 1']],
      ['a court request probation cannot make', (p) => (p.probation.violationResponses[2].courtRequest = 'early_termination'), ['probation.violationResponses[2].courtRequest: must be one of: extension, revocation']],
    ])('names %s', (_scenario, change, expected) => {
      expect(problemsAfter(change)).toEqual(expected);
    });

    describe('risk instruments', () => {
      it.each<[string, (pack: Json) => void, string[]]>([
        [
          'a second instrument with the same code and version',
          (p) => p.probation.riskInstruments.push(structuredClone(p.probation.riskInstruments[0])),
          ['probation.riskInstruments[1].version: duplicate risk instrument sample_risk_needs version 1'],
        ],
        ['a version of 0', (p) => (p.probation.riskInstruments[0].version = 0), ['probation.riskInstruments[0].version: must be an integer of at least 1']],
        ['a validFrom that is no date', (p) => (p.probation.riskInstruments[0].validFrom = '2026-02-30'), ['probation.riskInstruments[0].validFrom: must be a date YYYY-MM-DD']],
        ['an instrument without items', (p) => (p.probation.riskInstruments[0].items = []), ['probation.riskInstruments[0].items: an instrument needs at least one item', 'probation.riskInstruments[0].bands[1].minScore: 5 can never be reached; the items give at most 0', 'probation.riskInstruments[0].bands[2].minScore: 10 can never be reached; the items give at most 0']],
        ['an item with one answer', (p) => p.probation.riskInstruments[0].items[0].answers.splice(1), ['probation.riskInstruments[0].items[0].answers: an item needs at least two answers']],
        ['a duplicate item', (p) => (p.probation.riskInstruments[0].items[1].code = 'accommodation'), ['probation.riskInstruments[0].items[1].code: duplicate item of sample_risk_needs version 1 accommodation']],
        ['a duplicate answer', (p) => (p.probation.riskInstruments[0].items[2].answers[1].code = 'none'), ['probation.riskInstruments[0].items[2].answers[1].code: duplicate answer of finance none']],
        ['negative points', (p) => (p.probation.riskInstruments[0].items[0].answers[0].points = -1), ['probation.riskInstruments[0].items[0].answers[0].points: must be an integer of at least 0']],
        ['fractional points', (p) => (p.probation.riskInstruments[0].items[0].answers[1].points = 0.5), ['probation.riskInstruments[0].items[0].answers[1].points: must be an integer of at least 0']],
        ['a first band above 0', (p) => (p.probation.riskInstruments[0].bands[0].minScore = 1), ['probation.riskInstruments[0].bands[0].minScore: the first band starts at 0']],
        ['bands out of order', (p) => (p.probation.riskInstruments[0].bands[2].minScore = 5), ['probation.riskInstruments[0].bands[2].minScore: bands go from the lowest score up; 5 is not above the band before']],
        ['a band no score reaches', (p) => (p.probation.riskInstruments[0].bands[2].minScore = 17), ['probation.riskInstruments[0].bands[2].minScore: 17 can never be reached; the items give at most 16']],
        ['a band without its reassessment interval', (p) => (p.probation.riskInstruments[0].bands[1].reassessEveryMonths = 0), ['probation.riskInstruments[0].bands[1].reassessEveryMonths: must be an integer of at least 1']],
        ['a duplicate band', (p) => (p.probation.riskInstruments[0].bands[1].code = 'low'), ['probation.riskInstruments[0].bands[1].code: duplicate band of sample_risk_needs version 1 low']],
      ])('names %s', (_scenario, change, expected) => {
        expect(problemsAfter(change)).toEqual(expected);
      });

      it('allows a new version of an instrument next to the old one', () => {
        expect(problemsAfter((p) => p.probation.riskInstruments.push({ ...structuredClone(p.probation.riskInstruments[0]), version: 2, validFrom: '2027-01-01' }))).toEqual([]);
      });
    });

    describe('deadline rules', () => {
      it.each<[string, (pack: Json) => void, string[]]>([
        ['an unknown stream', (p) => (p.probation.deadlineRules[0].stream = 'person'), ['probation.deadlineRules[0].stream: must be one of: probation_case, pre_sentence_report']],
        [
          'a start that is no entry type',
          (p) => (p.probation.deadlineRules[0].startsWith = 'sentence'),
          [expect.stringMatching(/^probation\.deadlineRules\[0\]\.startsWith: must be one of: opened, amended, .*, report_withdrawn$/)],
        ],
        [
          'a meeting entry that is no entry type',
          (p) => (p.probation.deadlineRules[0].metBy[0].stepType = 'meeting_held'),
          [expect.stringMatching(/^probation\.deadlineRules\[0\]\.metBy\[0\]\.stepType: must be one of: opened, /)],
        ],
        ['a rule met by nothing', (p) => (p.probation.deadlineRules[1].metBy = []), ['probation.deadlineRules[1].metBy: a rule must be met by at least one entry']],
        ['a rule citing nothing', (p) => (p.probation.deadlineRules[2].cites = []), ['probation.deadlineRules[2].cites: a rule must cite at least one article']],
        ['a rule citing an unknown source', (p) => (p.probation.deadlineRules[3].cites[0].source = 'ee-kh'), ['probation.deadlineRules[3].cites[0].source: ee-kh is not in sources']],
        ['a term of no length', (p) => (p.probation.deadlineRules[0].term = { amount: 0, unit: 'days' }), ['probation.deadlineRules[0].term.amount: must be an integer of at least 1']],
        ['a negative warning', (p) => (p.probation.deadlineRules[0].warnBefore = { amount: -1, unit: 'days' }), ['probation.deadlineRules[0].warnBefore.amount: must be an integer of at least 0']],
        ['a duplicate rule code', (p) => (p.probation.deadlineRules[1].code = 'first_meeting'), ['probation.deadlineRules[1].code: duplicate probation deadline rule first_meeting']],
      ])('names %s', (_scenario, change, expected) => {
        expect(problemsAfter(change)).toEqual(expected);
      });
    });

    it('checks the case types’ steps only when the journal’s step types are given', () => {
      const change = (p: Json) => {
        p.probation.caseTypes[0].opensOn[0].where.sentenceType = 'suspended';
      };
      expect(problemsAfter(change)).toEqual([]);
      const stepTypes = { sentence: { sentenceType: ['imprisonment', 'probation', 'community_work'] } };
      expect(problemsAfter(change, { stepTypes }).filter((problem) => problem.startsWith('probation.'))).toEqual([
        'probation.caseTypes[0].opensOn[0].where.sentenceType: suspended is not a value of sentence.sentenceType',
        'probation.caseTypes[2].opensOn[0].stepType: conditional_early_release is not a step type of the journal',
      ]);
    });

    it('never throws on junk in the probation section', () => {
      const junk = [null, 1, 'x', [], { code: {}, cites: [null], items: [null, { answers: 'x' }], bands: [{ minScore: 'a' }], districts: [3] }];
      const pack = structuredClone(ee) as Json;
      for (const key of Object.keys(pack.probation)) pack.probation[key] = junk;
      expect(() => validatePack(pack)).not.toThrow();
      expect(validatePack(pack).length).toBeGreaterThan(20);
      pack.probation = 'none';
      expect(validatePack(pack)).toEqual(['probation: must be an object']);
    });
  });

  describe('citizenship groups', () => {
    it.each<[string, (pack: Json) => void, string[]]>([
      ['two groups holding *', (p) => p.citizenshipGroups[1].countries.push('*'), ['citizenshipGroups: exactly one group must hold "*" (every other country); 2 do']],
      ['no group holding XX', (p) => (p.citizenshipGroups[3].countries = ['AF']), ['citizenshipGroups: exactly one group must hold "XX" (stateless persons); 0 do']],
      ['an unknown group with countries', (p) => (p.citizenshipGroups[4].countries = ['FI']), ['citizenshipGroups[4].countries: the unknown group holds no countries']],
      ['no unknown group', (p) => p.citizenshipGroups.pop(), ['citizenshipGroups: needs a group with code unknown']],
      ['a national group without the country', (p) => (p.citizenshipGroups[0].countries = ['LV']), ['citizenshipGroups[0].countries: the national group must hold EE']],
      ['no national group', (p) => (p.citizenshipGroups[0].code = 'estonian'), ['citizenshipGroups: needs a group with code national']],
      ['a code that is no country', (p) => p.citizenshipGroups[1].countries.push('EU'), ['citizenshipGroups[1].countries[27]: must be an ISO 3166-1 alpha-2 code, "*" (every other country) or "XX" (stateless)']],
      ['a lower-case country', (p) => (p.citizenshipGroups[0].countries = ['EE', 'fi']), ['citizenshipGroups[0].countries[1]: must be an ISO 3166-1 alpha-2 code, "*" (every other country) or "XX" (stateless)']],
    ])('names %s', (_scenario, change, expected) => {
      expect(problemsAfter(change)).toEqual(expected);
    });
  });

  describe('the national ID scheme', () => {
    it.each<[string, (pack: Json) => void, string[]]>([
      ['a pattern that does not compile', (p) => (p.nationalId.pattern = '^[1-8$'), [expect.stringMatching(/^nationalId.pattern: is not a valid regular expression \(/)]],
      ['a pattern without ^', (p) => (p.nationalId.pattern = '[1-8][0-9]{10}$'), ['nationalId.pattern: must be anchored: ^ at the start, $ at the end, no | outside a group']],
      ['a pattern ending in an escaped $', (p) => (p.nationalId.pattern = '^[1-8][0-9]{9}\\$'), ['nationalId.pattern: must be anchored: ^ at the start, $ at the end, no | outside a group']],
      ['a pattern anchoring only one alternative', (p) => (p.nationalId.pattern = '^1[0-9]{10}|2[0-9]{10}$'), ['nationalId.pattern: must be anchored: ^ at the start, $ at the end, no | outside a group']],
      ['a pattern of several lengths', (p) => (p.nationalId.pattern = '^[1-8][0-9]{10,11}$'), ['nationalId.pattern: must match IDs of one fixed length, so that positions can point into them']],
      ['a pattern with +', (p) => (p.nationalId.pattern = '^[1-8][0-9]+$'), ['nationalId.pattern: must match IDs of one fixed length, so that positions can point into them']],
      ['a position past the end', (p) => (p.nationalId.sex.position = 11), ['nationalId.sex.position: 11 is outside the ID\'s 11 characters']],
      ['a date part past the end', (p) => (p.nationalId.pattern = '^[1-8][0-9]{5}$'), expect.arrayContaining(['nationalId.dateOfBirth.day.position: 5 is outside the ID\'s 6 characters', 'nationalId.checkDigit.position: 10 is outside the ID\'s 6 characters'])],
      ['a round of too few weights', (p) => p.nationalId.checkDigit.weightRounds[1].pop(), ['nationalId.checkDigit.weightRounds[1]: needs 10 weights, one for each character before the check digit']],
      ['a 2-digit year without century', (p) => delete p.nationalId.dateOfBirth.century, ['nationalId.dateOfBirth.century: a 2-digit year needs the digit that gives its century']],
      ['a day of 3 digits', (p) => (p.nationalId.dateOfBirth.day.length = 3), ['nationalId.dateOfBirth.day.length: must be one of: 2']],
      ['a sex digit meaning something else', (p) => (p.nationalId.sex.values['9'] = 'other'), ['nationalId.sex.values.9: must be one of: male, female']],
      ['an unknown whenTen', (p) => (p.nationalId.checkDigit.whenTen = 'ten'), ['nationalId.checkDigit.whenTen: must be one of: zero, invalid']],
      ['no rounds of weights', (p) => (p.nationalId.checkDigit.weightRounds = []), ['nationalId.checkDigit.weightRounds: needs at least one round of weights']],
    ])('names %s', (_scenario, change, expected) => {
      expect(problemsAfter(change)).toEqual(expected);
    });

    it.each(['^[1-8]\\d{10}$', '^(?:[1-8])[0-9]{10}$', '^([1-4]|[5-8])\\d{3}[0-9]{7}$', '^[1-8][0-9]{2}[0-9][0-9]{7}$', '^[1-8]\\u0030{10}$'])(
      'accepts %s as one fixed length',
      (pattern) => {
        expect(problemsAfter((p) => (p.nationalId.pattern = pattern))).toEqual([]);
      },
    );
  });

  describe('the case number', () => {
    it.each<[string, (pack: Json) => void, string[]]>([
      ['no scheme', (p) => delete p.caseNumber, ['caseNumber: is missing']],
      ['no sequence digits', (p) => (p.caseNumber.sequenceDigits = 0), ['caseNumber.sequenceDigits: must be an integer of at least 1']],
      ['more sequence digits than room', (p) => (p.caseNumber.sequenceDigits = 11), ['caseNumber.sequenceDigits: must be at most 10']],
      ['a placeholder missing', (p) => (p.caseNumber.format = '{region}-{sequence}'), ['caseNumber.format: must hold {year} once (it holds it 0 times)']],
      ['a placeholder twice', (p) => (p.caseNumber.format = '{region}-{year}-{sequence}-{year}'), ['caseNumber.format: must hold {year} once (it holds it 2 times)']],
      ['an unknown placeholder', (p) => (p.caseNumber.format = '{agency}/{region}-{year}-{sequence}'), ['caseNumber.format: {agency} is not a placeholder; use {region}, {year} and {sequence}']],
      ['a character out of the set', (p) => (p.caseNumber.format = '№ {region}-{year}-{sequence}'), ['caseNumber.format: besides its placeholders, may hold only ASCII letters, digits and . / _ -']],
      ['a stray brace', (p) => (p.caseNumber.format = '{region}-{year}-{sequence}}'), ['caseNumber.format: besides its placeholders, may hold only ASCII letters, digits and . / _ -']],
      ['two placeholders run together', (p) => (p.caseNumber.format = '{region}-{year}{sequence}'), ['caseNumber.format: {year} and {sequence} need a separator between them other than a letter or digit']],
      ['a letter for a separator', (p) => (p.caseNumber.format = '{region}-{year}N{sequence}'), ['caseNumber.format: {year} and {sequence} need a separator between them other than a letter or digit']],
      [
        'a number longer than an event carries',
        (p) => (p.caseNumber.format = 'CRIMINAL-CASE/{region}/{year}/{sequence}'),
        ['caseNumber.format: a case of EE-37 with a 10-digit sequence would be numbered CRIMINAL-CASE/EE-37/9999/9999999999 (35 characters); a case number has at most 32'],
      ],
    ])('names %s', (_scenario, change, expected) => {
      expect(problemsAfter(change)).toEqual(expected);
    });

    it.each(['{region}-{year}-{sequence}', '{sequence}/{year}.{region}', 'UD-{year}_{region}-{sequence}'])('accepts %s', (format) => {
      expect(problemsAfter((p) => (p.caseNumber.format = format))).toEqual([]);
    });
  });

  describe('the recording terms', () => {
    it.each<[string, (pack: Json) => void, string[]]>([
      ['none', (p) => delete p.recordingTerms, ['recordingTerms: is missing']],
      ['a kind missing', (p) => delete p.recordingTerms.step, ['recordingTerms.step: is missing']],
      ['a term of no time', (p) => (p.recordingTerms.registration.term.amount = 0), ['recordingTerms.registration.term.amount: must be an integer of at least 1']],
      ['a unit it does not know', (p) => (p.recordingTerms.step.term.unit = 'weeks'), ['recordingTerms.step.term.unit: must be one of: hours, days, months']],
      ['a citation of an unknown source', (p) => (p.recordingTerms.step.cites = { source: 'nowhere', article: '1' }), ['recordingTerms.step.cites.source: nowhere is not in sources']],
    ])('names %s', (_scenario, change, expected) => {
      expect(problemsAfter(change)).toEqual(expected);
    });
  });

  it('lists every problem of a pack at once', () => {
    const problems = problemsAfter((p) => {
      p.regions[3].code = 'EE-37';
      p.offences[12].iccsCode = '1301';
      p.deadlineRules[2].cites = [];
      delete p.version;
    });
    expect(problems).toEqual([
      'version: is missing',
      'deadlineRules[2].cites: a rule must cite at least one article',
      'regions[3].code: duplicate region code EE-37',
      'offences[12].iccsCode: section 13 is not in iccsSections',
      'probation.offices[3].region: EE-49 is not in regions',
    ]);
  });

  it('never throws on junk in any list', () => {
    const junk = [null, 1, 'x', [], { code: {} }];
    const pack = structuredClone(ee) as Json;
    for (const key of Object.keys(pack)) if (Array.isArray(pack[key])) pack[key] = junk;
    pack.nationalId = { pattern: 5, sex: [], dateOfBirth: 'x', checkDigit: { position: 'a', weightRounds: [null] } };
    expect(() => validatePack(pack)).not.toThrow();
    expect(validatePack(pack).length).toBeGreaterThan(20);
  });
});
