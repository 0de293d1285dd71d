import { BUILT_IN_PACKS, JurisdictionPack, jurisdictionOf, ProbationPack } from '@icjims/jurisdiction';
import type { Actor, CaseCommand, DecisionContext } from './commands';
import { SYSTEM_ACTOR } from './commands';
import { applyEntries, decide } from './decide';
import { CASE_ENTRY_TYPES, REPORT_ENTRY_TYPES } from './evolve';
import { intakeOf } from './intake';
import { probationEndsOn } from './probation-rules';
import { newProbationCase, ProbationCaseState } from './stream-state';

/**
 * The built-in packs' probation law fits this domain: what their deadline rules start with and
 * are met by are entries of the rule's stream, a term read from a field reads a date the
 * starting entry carries, and the court can be asked for what the legal order submits. Then a
 * case runs its course under each pack. A pack without a probation section yet is skipped.
 */

const STREAM_ENTRIES = { probation_case: CASE_ENTRY_TYPES as readonly string[], pre_sentence_report: REPORT_ENTRY_TYPES as readonly string[] };
/** The date fields (YYYY-MM-DD) each entry type carries, which a rule's term `{ field }` may name. */
const DATE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  opened: ['startsOn', 'endsOn'],
  amended: ['startsOn', 'endsOn'],
  assessment_recorded: ['nextDueOn'],
  violation_recorded: ['occurredOn'],
  court_decided: ['endsOn'],
  absconded: ['since'],
  found: ['on'],
  ended: ['endedOn'],
  report_requested: ['dueOn'],
  report_submitted: ['dueOn'],
  community_work_logged: ['workedOn'],
};

const packs = Object.entries(BUILT_IN_PACKS)
  .map(([code, pack]) => ({ code, jurisdiction: jurisdictionOf(pack, code) }))
  .filter(({ jurisdiction }) => (jurisdiction.pack as Partial<JurisdictionPack>).probation !== undefined);

describe.each(packs)('the $code pack', ({ jurisdiction }) => {
  const probation: ProbationPack = jurisdiction.pack.probation;

  it.each(probation.deadlineRules.map((rule) => [rule.code, rule] as const))('has deadline rule %s on entries of its stream', (_, rule) => {
    const entries = STREAM_ENTRIES[rule.stream];
    expect(entries).toContain(rule.startsWith);
    for (const match of rule.metBy) expect(entries).toContain(match.stepType);
    if ('field' in rule.term) expect(DATE_FIELDS[rule.startsWith] ?? []).toContain(rule.term.field);
  });

  it('can ask the court for an extension and a revocation', () => {
    expect(probation.violationResponses.map((response) => response.courtRequest)).toEqual(expect.arrayContaining(['extension', 'revocation']));
  });

  it('runs a case from the sentence through an extension to completion', () => {
    const caseType = probation.caseTypes.find((type) => !type.communityWork) ?? probation.caseTypes[0];
    const opensOn = caseType.opensOn[0];
    const instrument = [...probation.riskInstruments].sort((a, b) => a.validFrom.localeCompare(b.validFrom))[0];
    const start = Math.max(Date.parse('2026-03-01T06:00:00Z'), Date.parse(`${instrument.validFrom}T06:00:00Z`) + 86_400_000);
    const at = (days: number) => new Date(start + days * 86_400_000).toISOString();
    const obligation = probation.obligations[0].code;
    const step = { stepId: 'step-1', stepType: opensOn.stepType, occurredAt: at(0), details: { ...opensOn.where, termMonths: 6, obligations: [obligation], communityWorkHours: 40 } };
    const intake = intakeOf(step, probation, jurisdiction.timeZone);
    if (!intake.opens || !('intake' in intake)) throw new Error(`${caseType.code} opens nothing: ${JSON.stringify(intake)}`);

    const supervisor: Actor = { sub: 'supervisor', roles: ['admin'] };
    const office = probation.offices[0];
    const answers = Object.fromEntries(instrument.items.map((item) => [item.code, item.answers[0].code]));
    const steps: Array<[number, CaseCommand, Actor]> = [
      [0, { type: 'open', occurredAt: at(0), intake: intake.intake }, SYSTEM_ACTOR],
      [1, { type: 'allocate', occurredAt: at(1), kind: 'initial', office: office.code, officerId: 'officer-1' }, supervisor],
      [3, { type: 'recordContact', occurredAt: at(3), contactKind: probation.contactKinds[0].code, outcome: 'attended' }, supervisor],
      [4, { type: 'recordAssessment', occurredAt: at(4), instrument: instrument.code, instrumentVersion: instrument.version, purpose: 'intake', answers }, supervisor],
      [20, { type: 'recordViolation', occurredAt: at(20), violationId: 'v-1', obligation, violationType: probation.violationTypes[0].code, occurredOn: at(19).slice(0, 10) }, supervisor],
      [21, { type: 'submitToCourt', occurredAt: at(21), submissionId: 's-1', request: 'extension', violationId: 'v-1' }, supervisor],
      [40, { type: 'recordCourtDecision', occurredAt: at(40), submissionId: 's-1', granted: true, extensionMonths: 2 }, supervisor],
    ];
    let state: ProbationCaseState = newProbationCase({ caseId: 'case-1', region: office.region });
    const contextAt = (days: number, actor: Actor): DecisionContext => ({ pack: probation, timeZone: jurisdiction.timeZone, now: new Date(Date.parse(at(days)) + 60_000), actor });
    for (const [days, command, actor] of steps) {
      const decision = decide(state, command, contextAt(days, actor));
      expect([command.type, decision.ok || decision.refusal]).toEqual([command.type, true]);
      if (decision.ok) state = applyEntries(state, decision.entries, contextAt(days, actor));
    }
    expect(state.endsOn).toBe(probationEndsOn(intake.intake.startsOn, 6 + 2));
    const end = new Date(`${state.endsOn}T12:00:00Z`);
    const completion = decide(state, { type: 'completeAtTermEnd', occurredAt: end.toISOString() }, { ...contextAt(0, SYSTEM_ACTOR), now: end });
    expect(completion).toMatchObject({ ok: true, entries: [{ entryType: 'ended', details: { end: 'completed', endedOn: state.endsOn } }] });
  });
});
