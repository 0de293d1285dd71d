import type { Citation, ProbationPack, ProceduralTerm } from '@icjims/jurisdiction';
import type { Actor, CaseCommand, DecisionContext, ReportCommand } from './commands';
import { SYSTEM_ACTOR } from './commands';
import { applyEntries, decide } from './decide';
import { entry, JournalDetails, ProbationEntry } from './entries';
import { newPreSentenceReport, newProbationCase, PreSentenceReportState, ProbationCaseState, ProbationStreamState } from './stream-state';

/**
 * A small probation pack for the domain's tests, independent of the built-in packs' data: two
 * regions, three offices, four case types, an instrument in two versions and four deadline rules.
 */

const CITES: Citation = { source: 'test-law', article: '1' };
const term = (code: string): ProceduralTerm => ({ code, labels: { en: code }, cites: CITES });

export const TEST_PACK: ProbationPack = {
  offices: [
    { code: 'PR-A-01', region: 'KG-A', districts: [], labels: { en: 'Office A1' } },
    { code: 'PR-A-02', region: 'KG-A', districts: [], labels: { en: 'Office A2' } },
    { code: 'PR-B-01', region: 'KG-B', districts: [], labels: { en: 'Office B1' } },
  ],
  caseTypes: [
    { code: 'probation', labels: { en: 'Probation' }, cites: [CITES], opensOn: [{ stepType: 'sentence', where: { sentenceType: 'probation' } }], communityWork: false },
    { code: 'conditional', labels: { en: 'Conditional sentence' }, cites: [CITES], opensOn: [{ stepType: 'sentence', where: { sentenceType: 'conditional' } }], communityWork: false },
    { code: 'community_work', labels: { en: 'Community work' }, cites: [CITES], opensOn: [{ stepType: 'sentence', where: { sentenceType: 'community_work' } }], communityWork: true },
    { code: 'parole', labels: { en: 'Parole' }, cites: [CITES], opensOn: [{ stepType: 'conditional_early_release' }], communityWork: false },
  ],
  obligations: [
    { code: 'reporting', labels: { en: 'Report to the office' }, cites: CITES, measure: 'every_days' },
    { code: 'curfew', labels: { en: 'Curfew' }, cites: CITES, measure: 'none' },
    { code: 'treatment', labels: { en: 'Treatment' }, cites: CITES, measure: 'due_date' },
    { code: 'community_work', labels: { en: 'Community work' }, cites: CITES, measure: 'hours' },
  ],
  contactKinds: [term('office_appointment'), term('home_visit'), term('phone')],
  missedReasons: [
    { ...term('illness'), excused: true },
    { ...term('no_reason'), excused: false },
  ],
  violationTypes: [term('missed_appointment'), term('curfew_breach'), term('new_offence')],
  violationResponses: [
    { code: 'warning', labels: { en: 'Warning' }, cites: CITES, rank: 1 },
    { code: 'written_warning', labels: { en: 'Written warning' }, cites: CITES, rank: 2 },
    { code: 'court_extension', labels: { en: 'Submission for extension' }, cites: CITES, rank: 3, courtRequest: 'extension' },
    { code: 'court_revocation', labels: { en: 'Submission for revocation' }, cites: CITES, rank: 4, courtRequest: 'revocation' },
  ],
  riskInstruments: [1, 2].map((version) => ({
    code: 'needs',
    version,
    labels: { en: `Needs v${version}` },
    validFrom: version === 1 ? '2020-01-01' : '2027-01-01',
    items: [
      { code: 'housing', labels: { en: 'Housing' }, domain: 'accommodation', answers: [{ code: 'stable', labels: { en: 'Stable' }, points: 0 }, { code: 'none', labels: { en: 'None' }, points: 2 }] },
      { code: 'work', labels: { en: 'Work' }, domain: 'employment', answers: [{ code: 'employed', labels: { en: 'Employed' }, points: 0 }, { code: 'some', labels: { en: 'Some' }, points: 1 }, { code: 'none', labels: { en: 'None' }, points: 3 }] },
    ],
    bands: [
      { code: 'low', labels: { en: 'Low' }, minScore: 0, reassessEveryMonths: 6 },
      { code: 'medium', labels: { en: 'Medium' }, minScore: 2, reassessEveryMonths: 3 },
      { code: 'high', labels: { en: 'High' }, minScore: 4, reassessEveryMonths: 3 },
    ],
  })),
  reportRequesters: [term('court'), term('prosecutor')],
  reportSections: [term('personal_circumstances'), term('risk_and_needs'), term('recommendation')],
  reportRecommendations: [term('supervision_suitable'), term('supervision_unsuitable')],
  deadlineRules: [
    {
      code: 'first_meeting',
      labels: { en: 'First meeting' },
      cites: [CITES],
      stream: 'probation_case',
      startsWith: 'opened',
      term: { amount: 10, unit: 'days' },
      metBy: [{ stepType: 'contact_recorded', where: { outcome: 'attended' } }],
      warnBefore: { amount: 3, unit: 'days' },
    },
    {
      code: 'reassessment',
      labels: { en: 'Reassessment' },
      cites: [CITES],
      stream: 'probation_case',
      startsWith: 'assessment_recorded',
      term: { field: 'nextDueOn' },
      metBy: [{ stepType: 'assessment_recorded' }],
      warnBefore: { amount: 14, unit: 'days' },
    },
    {
      code: 'term_end',
      labels: { en: 'End of the term' },
      cites: [CITES],
      stream: 'probation_case',
      startsWith: 'opened',
      term: { field: 'endsOn' },
      metBy: [{ stepType: 'ended' }],
      warnBefore: { amount: 1, unit: 'months' },
    },
    {
      code: 'report_due',
      labels: { en: 'Report due' },
      cites: [CITES],
      stream: 'pre_sentence_report',
      startsWith: 'report_requested',
      term: { field: 'dueOn' },
      metBy: [{ stepType: 'report_submitted' }],
      warnBefore: { amount: 2, unit: 'days' },
    },
  ],
};

export const ZONE = 'Asia/Bishkek';
export const CASE_ID = '0b7f3c1e-5d2a-4c8e-9f10-2a3b4c5d6e7f';
export const PERSON_ID = '5e6f7a8b-1c2d-4e3f-8a9b-0c1d2e3f4a5b';
/** The sentence: 10:00 in Bishkek on 1 March 2026; a 12-month term to 1 March 2027. */
export const SENTENCED_AT = '2026-03-01T04:00:00.000Z';
/** Now, for most tests: a month and a half into the term. */
export const NOW = new Date('2026-04-15T06:00:00.000Z');

export const OFFICER: Actor = { sub: 'officer-a1', roles: ['probation_officer'], office: 'PR-A-01' };
export const OTHER_OFFICER: Actor = { sub: 'officer-b1', roles: ['probation_officer'], office: 'PR-B-01' };

export function context(overrides: Partial<DecisionContext> = {}): DecisionContext {
  return { pack: TEST_PACK, timeZone: ZONE, now: NOW, actor: OFFICER, ...overrides };
}
export const systemContext = (overrides: Partial<DecisionContext> = {}) => context({ actor: SYSTEM_ACTOR, ...overrides });

/** An instant `days` (and `hours`) after the sentence. */
export function daysAfterSentence(days: number, hours = 0): string {
  return new Date(Date.parse(SENTENCED_AT) + (days * 24 + hours) * 3_600_000).toISOString();
}

// Entries, as the journal holds them, for "given" journals.
export const opened = (details: Partial<JournalDetails['opened']> = {}, at = SENTENCED_AT): ProbationEntry =>
  entry('opened', at, { sourceStepId: 'step-1', caseType: 'probation', termMonths: 12, startsOn: '2026-03-01', endsOn: '2027-03-01', obligations: ['reporting', 'curfew'], ...details });
export const openedCommunityWork = (hours = 40): ProbationEntry =>
  opened({ caseType: 'community_work', termMonths: 6, endsOn: '2026-09-01', obligations: ['community_work'], communityWorkHours: hours });
export const allocated = (details: Partial<JournalDetails['allocated']> = {}, at = daysAfterSentence(1)): ProbationEntry =>
  entry('allocated', at, { office: 'PR-A-01', officerId: 'officer-a1', kind: 'initial', region: 'KG-A', ...details });
export const scheduled = (contactId = 'c-1', scheduledFor = daysAfterSentence(5), at = daysAfterSentence(2)): ProbationEntry =>
  entry('contact_scheduled', at, { contactId, contactKind: 'office_appointment', scheduledFor });
export const attended = (at = daysAfterSentence(5), contactId?: string): ProbationEntry =>
  entry('contact_recorded', at, { ...(contactId && { contactId }), contactKind: 'office_appointment', outcome: 'attended' });
export const assessed = (at = daysAfterSentence(6), nextDueOn = '2026-09-07', purpose: 'intake' | 'reassessment' = 'intake'): ProbationEntry =>
  entry('assessment_recorded', at, { instrument: 'needs', instrumentVersion: 1, purpose, score: 0, band: 'low', nextDueOn });
export const violation = (violationId = 'v-1', at = daysAfterSentence(20), occurredOn = '2026-03-20'): ProbationEntry =>
  entry('violation_recorded', at, { violationId, obligation: 'reporting', violationType: 'missed_appointment', occurredOn });
export const submitted = (submissionId = 's-1', request: 'extension' | 'revocation' | 'early_termination' = 'extension', at = daysAfterSentence(21), violationId: string | undefined = 'v-1'): ProbationEntry[] => [
  ...(violationId ? [entry('violation_responded', at, { violationId, response: request === 'revocation' ? 'court_revocation' : 'court_extension' })] : []),
  entry('court_submitted', at, { submissionId, request, ...(violationId && { violationId }) }),
];
export const absconded = (since = '2026-03-25', at = daysAfterSentence(25)): ProbationEntry => entry('absconded', at, { since });
export const ended = (end: 'completed' | 'terminated_early' | 'revoked' | 'deceased' = 'deceased', at = daysAfterSentence(30), endedOn = '2026-03-31'): ProbationEntry =>
  entry('ended', at, { end, endedOn });
export const annulled = (at = daysAfterSentence(30)): ProbationEntry => entry('annulled', at, { sourceStepId: 'step-1', correctionStepId: 'corr-1', ground: 'sentence_annulled' });

/** A case as its journal leaves it. */
export function givenCase(entries: readonly ProbationEntry[], ctx: Pick<DecisionContext, 'pack' | 'timeZone'> = context()): ProbationCaseState {
  return applyEntries(newProbationCase({ caseId: CASE_ID, region: 'KG-A', personId: PERSON_ID }), entries, ctx);
}
/** An opened and allocated probation case (12 months from 1 March 2026, reporting and curfew). */
export const supervised = (...more: ProbationEntry[]) => givenCase([opened(), allocated(), ...more]);

export const requested = (dueOn = '2026-04-20', at = '2026-04-01T04:00:00.000Z'): ProbationEntry =>
  entry('report_requested', at, { sourceStepId: 'step-r', requestedBy: 'court', dueOn });
export const reportAmended = (dueOn: string, correctionStepId = 'corr-r', at = '2026-04-05T04:00:00.000Z'): ProbationEntry =>
  entry('report_amended', at, { sourceStepId: 'step-r', correctionStepId, dueOn });
export const reportAssigned = (at = '2026-04-02T04:00:00.000Z'): ProbationEntry => entry('allocated', at, { office: 'PR-A-01', officerId: 'officer-a1', kind: 'initial', region: 'KG-A' });
export const drafted = (section: string, at = '2026-04-03T04:00:00.000Z'): ProbationEntry => entry('report_section_drafted', at, { section });

export function givenReport(entries: readonly ProbationEntry[]): PreSentenceReportState {
  return applyEntries(newPreSentenceReport({ caseId: CASE_ID, region: 'KG-A', personId: PERSON_ID }), entries, context());
}

/** Decide and, when accepted, apply: the state after the command, or the refusal thrown (for scenario tests). */
export function run<S extends ProbationStreamState>(state: S, command: CaseCommand | ReportCommand, ctx: DecisionContext): S {
  const decision = decide(state, command, ctx);
  if (!decision.ok) throw new Error(`${command.type} refused: ${JSON.stringify(decision.refusal)}`);
  return applyEntries(state, decision.entries, ctx);
}
