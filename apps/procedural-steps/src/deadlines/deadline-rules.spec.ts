import { loadJurisdiction } from '@icjims/jurisdiction';
import { effectiveJournal } from '../legal-order/corrections';
import type { JournalStep } from '../legal-order/journal-step';
import type { StepDetails } from '../steps/step-rules';
import { addDuration, Deadline, deadlineKey, deadlineRuleProblems, DeadlineRule, deadlinesOf, deadlinesOfVersions, deadlineStatus, RuleVersion, ruleVersionAt, TermUnit } from './deadline-rules';
import { OFFICE_INVESTIGATION_TERM } from '../procedural-steps.fixtures';
import { rulesOfPack } from './pack-deadline-rules';

/** The default pack's rules (KG), and the investigation term an office adds (KG has none yet). */
const KG = loadJurisdiction({ ICJIMS_JURISDICTION: 'KG' });
const RULES = [...rulesOfPack(KG.pack), OFFICE_INVESTIGATION_TERM];

const P1 = 'p-1';
const P2 = 'p-2';
let sequence = 0;

function step(stepType: string, occurredAt: string, fields: { personId?: string; details?: StepDetails } = {}): JournalStep {
  sequence += 1;
  return { stepId: `s-${sequence}`, stepType, occurredAt: new Date(occurredAt), details: {}, ...fields };
}

function sampleRule(code: string): DeadlineRule {
  const rule = RULES.find((candidate) => candidate.code === code);
  if (!rule) throw new Error(`no rule ${code}`);
  return rule;
}

const summary = (deadline: Deadline) => ({
  rule: deadline.rule.code,
  personId: deadline.personId,
  dueAt: deadline.dueAt.toISOString(),
  stoppedByStepId: deadline.stoppedByStepId,
});

/** The rules below count in the default pack's zone: Asia/Bishkek, UTC+6 all year. */
const ZONE = 'Asia/Bishkek';

describe('addDuration in the jurisdiction’s zone', () => {
  it.each<[string, string, number, TermUnit, string, string]>([
    // 23:30 on 31 January in Bishkek is 17:30 UTC.
    ['48 hours from 23:30 local cross two midnights and end at 23:30', '2026-01-31T17:30:00Z', 48, 'hours', ZONE, '2026-02-02T17:30:00.000Z'],
    ['2 days from 23:30 local end at 23:30 local two calendar days on', '2026-01-31T17:30:00Z', 2, 'days', ZONE, '2026-02-02T17:30:00.000Z'],
    ['1 day from 00:30 local (the day before in UTC) ends on the next local day', '2026-03-14T18:30:00Z', 1, 'days', ZONE, '2026-03-15T18:30:00.000Z'],
    ['a month from the local 31st of January ends on the local last day of February', '2026-01-31T17:30:00Z', 1, 'months', ZONE, '2026-02-28T17:30:00.000Z'],
    // 05:00 on 1 March in Bishkek is still 28 February in UTC: the local calendar decides.
    ['a month from the local 1st of March is the local 1st of April', '2026-02-28T23:00:00Z', 1, 'months', ZONE, '2026-03-31T23:00:00.000Z'],
    ['a month from the local 31st of August ends on the local 30th of September', '2026-08-31T17:59:59Z', 1, 'months', ZONE, '2026-09-30T17:59:59.000Z'],
    ['months run across the year end', '2026-11-30T08:00:00Z', 3, 'months', ZONE, '2027-02-28T08:00:00.000Z'],
    ['a month back from the local 31st of March is the local last day of February', '2026-03-31T12:00:00Z', -1, 'months', ZONE, '2026-02-28T12:00:00.000Z'],
    ['hours back for a warning', '2026-03-30T10:00:00Z', -12, 'hours', ZONE, '2026-03-29T22:00:00.000Z'],
    ['48 hours across a DST change are 48 elapsed hours', '2026-10-24T22:30:00Z', 48, 'hours', 'Europe/Tallinn', '2026-10-26T22:30:00.000Z'],
    ['days across a DST change keep the local time of day', '2026-10-24T21:00:00Z', 2, 'days', 'Europe/Tallinn', '2026-10-26T22:00:00.000Z'],
  ])('%s', (_scenario, from, amount, unit, zone, expected) => {
    expect(addDuration(new Date(from), amount, unit, zone).toISOString()).toBe(expected);
  });
});

describe('versions of a rule', () => {
  const v1 = sampleRule('detention_court_decision');
  // From T on: 72 hours, and a release no longer stops the clock (to tell whose stops a clock reads).
  const T = '2026-03-28T12:00:00Z';
  const v2: DeadlineRule = { ...v1, term: { amount: 72, unit: 'hours' }, stoppedBy: [] };
  const versions: RuleVersion[] = [
    { version: 2, appliesFrom: new Date(T), rule: v2 },
    { version: 1, appliesFrom: new Date(0), rule: v1 },
  ];

  it('picks the latest appliesFrom at or before the instant, the higher version of two alike, none before the first', () => {
    expect(ruleVersionAt(versions, new Date('2026-03-28T11:59:59Z'))?.version).toBe(1);
    expect(ruleVersionAt(versions, new Date(T))?.version).toBe(2);
    expect(ruleVersionAt([...versions, { version: 3, appliesFrom: new Date(T), rule: v1 }], new Date(T))?.version).toBe(3);
    expect(ruleVersionAt([{ version: 1, appliesFrom: new Date(T), rule: v1 }], new Date('2026-03-01T00:00:00Z'))).toBeUndefined();
  });

  it('starts each clock under the version in force when its step occurred, and keeps it to the end', () => {
    const before = step('detention', '2026-03-28T10:00:00Z', { personId: P1 });
    const after = step('detention', '2026-03-28T13:00:00Z', { personId: P2 });
    const releases = [step('release_from_detention', '2026-03-29T09:00:00Z', { personId: P1 }), step('release_from_detention', '2026-03-29T09:00:00Z', { personId: P2 })];
    const [first, second] = deadlinesOfVersions([versions], [before, after, ...releases], ZONE);
    expect([first.ruleVersion, first.dueAt.toISOString(), first.stoppedByStepId]).toEqual([1, '2026-03-30T10:00:00.000Z', releases[0].stepId]);
    expect([second.ruleVersion, second.dueAt.toISOString(), second.stoppedByStepId]).toEqual([2, '2026-03-31T13:00:00.000Z', undefined]);
  });
});

describe('deadlinesOf the detention rule', () => {
  const rules = [sampleRule('detention_court_decision')];

  it('a detention gives the court 48 hours, warning from 12 hours before', () => {
    const held = step('detention', '2026-03-28T10:00:00Z', { personId: P1 });
    expect(deadlinesOf(rules, [held], ZONE)).toEqual([
      {
        rule: rules[0],
        ruleVersion: 1,
        personId: P1,
        startStepId: held.stepId,
        startedAt: held.occurredAt,
        dueAt: new Date('2026-03-30T10:00:00Z'),
        warnFrom: new Date('2026-03-29T22:00:00Z'),
        extendedByStepIds: [],
      },
    ]);
  });

  it('a release stops the clock of that person only', () => {
    const steps = [step('detention', '2026-03-28T10:00:00Z', { personId: P1 }), step('detention', '2026-03-28T11:00:00Z', { personId: P2 })];
    const released = step('release_from_detention', '2026-03-29T09:00:00Z', { personId: P1 });
    expect(deadlinesOf(rules, [...steps, released], ZONE).map(summary)).toEqual([
      { rule: 'detention_court_decision', personId: P1, dueAt: '2026-03-30T10:00:00.000Z', stoppedByStepId: released.stepId },
      { rule: 'detention_court_decision', personId: P2, dueAt: '2026-03-30T11:00:00.000Z', stoppedByStepId: undefined },
    ]);
  });

  it('custody ordered by the court stops the clock', () => {
    const custody = step('preventive_measure_applied', '2026-03-29T09:00:00Z', { personId: P1, details: { measure: 'custody', until: '2026-05-29T09:00:00Z' } });
    const [deadline] = deadlinesOf(rules, [step('detention', '2026-03-28T10:00:00Z', { personId: P1 }), custody], ZONE);
    expect(deadline.stoppedByStepId).toBe(custody.stepId);
  });

  it('another measure does not stop the clock', () => {
    const bail = step('preventive_measure_applied', '2026-03-29T09:00:00Z', { personId: P1, details: { measure: 'bail' } });
    expect(deadlinesOf(rules, [step('detention', '2026-03-28T10:00:00Z', { personId: P1 }), bail], ZONE)[0].stoppedAt).toBeUndefined();
  });

  it('termination of the proceedings stops every person’s clock', () => {
    const steps = [step('detention', '2026-03-28T10:00:00Z', { personId: P1 }), step('detention', '2026-03-28T11:00:00Z', { personId: P2 })];
    const end = step('proceedings_terminated', '2026-03-28T12:00:00Z', { details: { ground: 'death_of_suspect' } });
    expect(deadlinesOf(rules, [...steps, end], ZONE).map((deadline) => deadline.stoppedByStepId)).toEqual([end.stepId, end.stepId]);
  });

  it('a new detention after a release starts a new clock', () => {
    const steps = [
      step('detention', '2026-03-28T10:00:00Z', { personId: P1 }),
      step('release_from_detention', '2026-03-29T09:00:00Z', { personId: P1 }),
      step('detention', '2026-04-02T10:00:00Z', { personId: P1 }),
    ];
    expect(deadlinesOf(rules, steps, ZONE).map((deadline) => [deadline.startStepId, deadline.stoppedAt !== undefined])).toEqual([
      [steps[0].stepId, true],
      [steps[2].stepId, false],
    ]);
  });

  it('honours corrections: an annulled release leaves the clock running, an amended time moves it', () => {
    const held = step('detention', '2026-03-28T10:00:00Z', { personId: P1 });
    const released = step('release_from_detention', '2026-03-29T09:00:00Z', { personId: P1 });
    const annulment: JournalStep = { ...step('correction', '2026-03-29T10:00:00Z'), correction: { correctsStepId: released.stepId, reason: 'wrong person', action: 'annul' } };
    const amendment: JournalStep = {
      ...step('correction', '2026-03-29T11:00:00Z'),
      correction: { correctsStepId: held.stepId, reason: 'typing error', action: 'amend', occurredAt: new Date('2026-03-28T08:00:00Z') },
    };
    const [deadline] = deadlinesOf(rules, effectiveJournal([held, released, annulment, amendment]), ZONE);
    expect(deadline).toMatchObject({ startedAt: new Date('2026-03-28T08:00:00Z'), dueAt: new Date('2026-03-30T08:00:00Z') });
    expect(deadline.stoppedAt).toBeUndefined();
  });
});

describe('deadlinesOf the measure terms', () => {
  const rules = RULES.filter((rule) => rule.code.endsWith('_term') && rule.code !== 'investigation_term');
  const applied = (measure: string, at: string, until?: string) =>
    step('preventive_measure_applied', at, { personId: P1, details: until ? { measure, until } : { measure } });

  it('custody is due at the end of the term the court set', () => {
    expect(deadlinesOf(rules, [applied('custody', '2026-04-01T10:00:00Z', '2026-06-01T10:00:00Z')], ZONE).map(summary)).toEqual([
      { rule: 'custody_term', personId: P1, dueAt: '2026-06-01T10:00:00.000Z', stoppedByStepId: undefined },
    ]);
  });

  it('an extension moves the due date and the warning', () => {
    const extension = step('preventive_measure_extended', '2026-05-25T10:00:00Z', { personId: P1, details: { measure: 'custody', until: '2026-08-01T10:00:00Z' } });
    const [deadline] = deadlinesOf(rules, [applied('custody', '2026-04-01T10:00:00Z', '2026-06-01T10:00:00Z'), extension], ZONE);
    expect(deadline).toMatchObject({ dueAt: new Date('2026-08-01T10:00:00Z'), warnFrom: new Date('2026-07-25T10:00:00Z'), extendedByStepIds: [extension.stepId] });
  });

  it('extending another measure leaves custody’s due date alone', () => {
    const steps = [
      applied('custody', '2026-04-01T10:00:00Z', '2026-06-01T10:00:00Z'),
      applied('house_arrest', '2026-04-01T11:00:00Z', '2026-06-01T11:00:00Z'),
      step('preventive_measure_extended', '2026-05-25T10:00:00Z', { personId: P1, details: { measure: 'house_arrest', until: '2026-09-01T10:00:00Z' } }),
    ];
    expect(deadlinesOf(rules, steps, ZONE).map(summary).map(({ rule, dueAt }) => [rule, dueAt])).toEqual([
      ['custody_term', '2026-06-01T10:00:00.000Z'],
      ['house_arrest_term', '2026-09-01T10:00:00.000Z'],
    ]);
  });

  it('changing custody into house arrest stops one clock and starts the other', () => {
    const change = step('preventive_measure_changed', '2026-05-01T10:00:00Z', {
      personId: P1,
      details: { measure: 'custody', newMeasure: 'house_arrest', until: '2026-07-01T10:00:00Z' },
    });
    expect(deadlinesOf(rules, [applied('custody', '2026-04-01T10:00:00Z', '2026-06-01T10:00:00Z'), change], ZONE).map(summary)).toEqual([
      { rule: 'custody_term', personId: P1, dueAt: '2026-06-01T10:00:00.000Z', stoppedByStepId: change.stepId },
      { rule: 'house_arrest_term', personId: P1, dueAt: '2026-07-01T10:00:00.000Z', stoppedByStepId: undefined },
    ]);
  });

  it('a release from detention ends the custody clock', () => {
    const released = step('release_from_detention', '2026-05-01T10:00:00Z', { personId: P1 });
    expect(deadlinesOf(rules, [applied('custody', '2026-04-01T10:00:00Z', '2026-06-01T10:00:00Z'), released], ZONE)[0].stoppedByStepId).toBe(released.stepId);
  });

  it('a measure without a term sets no deadline', () => {
    expect(deadlinesOf(rules, [applied('custody', '2026-04-01T10:00:00Z'), applied('bail', '2026-04-01T11:00:00Z', '2026-06-01T10:00:00Z')], ZONE)).toEqual([]);
  });
});

describe('deadlinesOf the investigation term', () => {
  const rules = [sampleRule('investigation_term')];
  const started = () => step('investigation_started', '2026-01-31T09:00:00Z');

  it('runs twelve calendar months from the start', () => {
    expect(deadlinesOf(rules, [started()], ZONE).map(summary)).toEqual([{ rule: 'investigation_term', personId: undefined, dueAt: '2027-01-31T09:00:00.000Z', stoppedByStepId: undefined }]);
  });

  it('is extended to the end the prosecutor set and stopped by the indictment', () => {
    const extension = step('investigation_term_extended', '2027-01-20T09:00:00Z', { details: { until: '2027-07-31T21:00:00Z' } });
    const indicted = step('indictment', '2027-05-01T09:00:00Z');
    expect(deadlinesOf(rules, [started(), extension, indicted], ZONE).map(summary)).toEqual([
      { rule: 'investigation_term', personId: undefined, dueAt: '2027-07-31T21:00:00.000Z', stoppedByStepId: indicted.stepId },
    ]);
  });

  it('a case-scope clock is stopped by a person-level step too', () => {
    const rule: DeadlineRule = { ...rules[0], stoppedBy: [{ stepType: 'suspicion_notified' }] };
    const notified = step('suspicion_notified', '2026-02-01T09:00:00Z', { personId: P1, details: { offenceArticle: '121' } });
    expect(deadlinesOf([rule], [started(), notified], ZONE)[0].stoppedByStepId).toBe(notified.stepId);
  });

  it('a start while the clock runs restarts it', () => {
    const rule: DeadlineRule = { ...rules[0], startsWith: [{ stepType: 'investigation_started' }, { stepType: 'proceedings_resumed' }] };
    const resumption = step('proceedings_resumed', '2026-06-01T09:00:00Z');
    const [first, second] = deadlinesOf([rule], [started(), resumption], ZONE);
    expect([first.stoppedByStepId, second.startStepId, second.dueAt.toISOString()]).toEqual([resumption.stepId, resumption.stepId, '2027-06-01T09:00:00.000Z']);
  });
});

describe('clocks handed over to another case, and received from one', () => {
  const detentionRule = sampleRule('detention_court_decision');
  const custodyRule = sampleRule('custody_term');
  const rules = [detentionRule, custodyRule];
  const held = () => step('detention', '2026-03-28T10:00:00Z', { personId: P1 });
  const split = (personId = P1) => step('person_left', '2026-03-29T08:00:00Z', { personId, details: { reason: 'split', toCaseId: 'c-new' } });
  const received = (rule: string, ruleVersion: number, dueAt: string) =>
    step('deadline_received', '2026-03-29T08:00:00Z', { personId: P1, details: { fromCaseId: 'c-source', rule, ruleVersion, startedAt: '2026-03-28T10:00:00Z', dueAt } });

  it('a split hands the person’s clocks over, though no rule lists it, and leaves the others running', () => {
    const other = step('detention', '2026-03-28T11:00:00Z', { personId: P2 });
    const left = split();
    const [mine, theirs] = deadlinesOf(rules, [held(), other, left], ZONE);
    expect([mine.stoppedByStepId, mine.handedOver, deadlineStatus(mine, new Date('2026-04-01T00:00:00Z'))]).toEqual([left.stepId, true, 'handed_over']);
    expect([theirs.stoppedAt, theirs.handedOver]).toEqual([undefined, undefined]);
  });

  it.each([
    ['a removal', { reason: 'removed' }],
    ['a split announced before standing moved with the person (it names no case)', { reason: 'split' }],
  ])('%s hands nothing over: the clock runs on where the detention was recorded', (_scenario, details) => {
    const left = step('person_left', '2026-03-29T08:00:00Z', { personId: P1, details });
    expect(deadlinesOf(rules, [held(), left], ZONE)[0].stoppedAt).toBeUndefined();
  });

  it('a join hands over the clocks of persons still in the case; one who left before keeps the rule’s own stop', () => {
    const removed = step('person_left', '2026-03-28T12:00:00Z', { personId: P2, details: { reason: 'removed' } });
    const joined = step('case_joined', '2026-03-29T08:00:00Z', { details: { intoCaseId: 'c-into' } });
    const [mine, theirs] = deadlinesOf(rules, [held(), step('detention', '2026-03-28T11:00:00Z', { personId: P2 }), removed, joined], ZONE);
    expect([mine.stoppedByStepId, mine.handedOver]).toEqual([joined.stepId, true]);
    expect([theirs.stoppedByStepId, theirs.handedOver]).toEqual([joined.stepId, undefined]);
  });

  it('a handed-over clock already run out stays breached', () => {
    const late = step('person_left', '2026-03-31T08:00:00Z', { personId: P1, details: { reason: 'split', toCaseId: 'c-new' } });
    const [clock] = deadlinesOf(rules, [held(), late], ZONE);
    expect(deadlineStatus(clock, new Date('2026-04-01T00:00:00Z'))).toBe('breached');
  });

  it('a received clock runs from its original start to its due time, under the version it started with, and stops as the rule says', () => {
    const v2: DeadlineRule = { ...detentionRule, term: { amount: 72, unit: 'hours' }, stoppedBy: [] };
    const versions: RuleVersion[] = [
      { version: 1, appliesFrom: new Date(0), rule: detentionRule },
      { version: 2, appliesFrom: new Date('2026-03-29T00:00:00Z'), rule: v2 },
    ];
    const arrival = received('detention_court_decision', 1, '2026-03-30T10:00:00Z');
    const release = step('release_from_detention', '2026-03-29T20:00:00Z', { personId: P1 });
    const [clock] = deadlinesOfVersions([versions], [arrival, release], ZONE);
    expect(clock).toEqual({
      rule: detentionRule,
      ruleVersion: 1,
      personId: P1,
      startStepId: arrival.stepId,
      startedAt: new Date('2026-03-28T10:00:00Z'),
      dueAt: new Date('2026-03-30T10:00:00Z'),
      warnFrom: new Date('2026-03-29T22:00:00Z'),
      extendedByStepIds: [],
      receivedAt: arrival.occurredAt,
      stoppedAt: release.occurredAt,
      stoppedByStepId: release.stepId,
    });
  });

  it('a received clock is extended by the receiving case’s steps, and belongs to its own rule only', () => {
    const arrival = received('custody_term', 1, '2026-05-28T10:00:00Z');
    const extended = step('preventive_measure_extended', '2026-05-20T10:00:00Z', { personId: P1, details: { measure: 'custody', until: '2026-07-28T10:00:00Z' } });
    const clocks = deadlinesOf(rules, [arrival, extended], ZONE);
    expect(clocks.map((clock) => [clock.rule.code, clock.dueAt.toISOString(), clock.extendedByStepIds])).toEqual([['custody_term', '2026-07-28T10:00:00.000Z', [extended.stepId]]]);
  });

  it('a received clock of a version no longer kept runs under the version in force at its start', () => {
    const [clock] = deadlinesOf(rules, [received('detention_court_decision', 7, '2026-03-30T10:00:00Z')], ZONE);
    expect([clock.ruleVersion, clock.dueAt.toISOString()]).toEqual([1, '2026-03-30T10:00:00.000Z']);
  });
});

describe('deadlineStatus', () => {
  const [deadline] = deadlinesOf([sampleRule('detention_court_decision')], [step('detention', '2026-03-28T10:00:00Z', { personId: P1 })], ZONE);

  it.each([
    ['running before the warning', '2026-03-29T21:59:59Z', 'running'],
    ['running out from the warning', '2026-03-29T22:00:00Z', 'running_out'],
    ['running out at the due instant itself', '2026-03-30T10:00:00Z', 'running_out'],
    ['breached once the due instant passed', '2026-03-30T10:00:01Z', 'breached'],
  ])('is %s', (_scenario, now, status) => {
    expect(deadlineStatus(deadline, new Date(now))).toBe(status);
  });

  it('is met when stopped in time, whatever the time now', () => {
    expect(deadlineStatus({ ...deadline, stoppedAt: new Date('2026-03-30T10:00:00Z') }, new Date('2027-01-01T00:00:00Z'))).toBe('met');
  });

  it('is breached when stopped too late', () => {
    expect(deadlineStatus({ ...deadline, stoppedAt: new Date('2026-03-30T11:00:00Z') }, new Date('2026-03-30T11:00:00Z'))).toBe('breached');
  });

  it('is keyed by its rule and start step', () => {
    expect(deadlineKey(deadline)).toBe(`detention_court_decision:${deadline.startStepId}`);
  });
});

describe('deadlineRuleProblems', () => {
  // Without labels: the checks below run with English as the only language.
  const valid: DeadlineRule = { ...sampleRule('custody_term') };
  delete valid.labels;

  it.each(RULES.map((rule) => [rule.code, rule] as const))('finds the rule %s valid', (_code, rule) => {
    expect(deadlineRuleProblems(JSON.parse(JSON.stringify(rule)), { languages: KG.languages })).toEqual([]);
  });

  it('refuses what is not an object', () => {
    expect(deadlineRuleProblems([valid])).toEqual([{ field: 'rule', reason: 'a deadline rule must be an object' }]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an unknown field', { ...valid, priority: 1 }, 'priority'],
    ['a code with capitals', { ...valid, code: 'Custody' }, 'code'],
    ['an empty title', { ...valid, title: ' ' }, 'title'],
    ['a legal reference longer than an event can carry', { ...valid, legalReference: 'x'.repeat(257) }, 'legalReference'],
    ['an unknown scope', { ...valid, scope: 'region' }, 'scope'],
    ['no start', { ...valid, startsWith: [] }, 'startsWith'],
    ['an unknown start step', { ...valid, startsWith: [{ stepType: 'arrest' }] }, 'startsWith[0].stepType'],
    ['a correction as start step', { ...valid, startsWith: [{ stepType: 'correction' }] }, 'startsWith[0].stepType'],
    ['a case-level start for a person deadline', { ...valid, startsWith: [{ stepType: 'indictment' }], term: { amount: 1, unit: 'days' } }, 'startsWith[0].stepType'],
    ['a condition on a field the step lacks', { ...valid, stoppedBy: [{ stepType: 'detention', where: { measure: 'custody' } }] }, 'stoppedBy[0].where.measure'],
    ['a condition with a value the field cannot take', { ...valid, stoppedBy: [{ stepType: 'preventive_measure_lifted', where: { measure: 'exile' } }] }, 'stoppedBy[0].where.measure'],
    ['a condition that is not a map', { ...valid, stoppedBy: [{ stepType: 'preventive_measure_lifted', where: 'custody' }] }, 'stoppedBy[0].where'],
    ['a term taken from a field that is not a datetime', { ...valid, term: { field: 'measure' } }, 'term.field'],
    ['a term of zero', { ...valid, term: { amount: 0, unit: 'days' } }, 'term.amount'],
    ['a term in weeks', { ...valid, term: { amount: 2, unit: 'weeks' } }, 'term.unit'],
    ['an extension whose until is not a datetime', { ...valid, extendedBy: [{ stepType: 'preventive_measure_extended', untilField: 'measure' }] }, 'extendedBy[0].untilField'],
    ['an extension with an unknown field', { ...valid, extendedBy: [{ stepType: 'preventive_measure_extended', untilField: 'until', by: 'court' }] }, 'extendedBy[0].by'],
    ['stops that are not a list', { ...valid, stoppedBy: 'release_from_detention' }, 'stoppedBy'],
    ['a stop that is not a match', { ...valid, stoppedBy: ['release_from_detention'] }, 'stoppedBy[0]'],
    ['a negative warning', { ...valid, warnBefore: { amount: -1, unit: 'days' } }, 'warnBefore.amount'],
    ['no warning', { ...valid, warnBefore: undefined }, 'warnBefore'],
  ])('names the field of %s', (_scenario, rule, field) => {
    const fields = deadlineRuleProblems(JSON.parse(JSON.stringify(rule))).map((problem) => problem.field);
    expect([...new Set(fields)]).toEqual([field]);
  });
});
