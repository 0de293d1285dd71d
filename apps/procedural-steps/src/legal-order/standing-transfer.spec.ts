import { PersonState } from './journal-state';
import { PersonTransfer, transferSteps } from './standing-transfer';

const P1 = 'p-1';
const at = (iso: string) => new Date(iso);

const detainedSuspect: PersonState = {
  status: 'suspect',
  since: at('2026-03-01T08:00:00Z'),
  sinceStepId: 'a-1',
  suspicionNotified: true,
  pleaAgreement: false,
  detention: { stepId: 'a-2', since: at('2026-03-01T09:00:00Z') },
  measures: { bail: { stepId: 'a-3', decidedAt: at('2026-03-01T10:00:00Z') } },
};
const detentionClock = { rule: 'detention_court_decision', ruleVersion: 2, startedAt: at('2026-03-01T09:00:00Z'), dueAt: at('2026-03-03T09:00:00Z') };

function transfer(changes: Partial<PersonTransfer> = {}): PersonTransfer {
  return { personId: P1, fromCaseId: 'c-a', via: 'split', source: detainedSuspect, clocks: [detentionClock], receivingClockRules: new Set(), ...changes };
}

describe('transferSteps', () => {
  it('carries a person new to the receiving case whole: standing, each measure, each clock, in that order', () => {
    expect(transferSteps(transfer())).toEqual([
      {
        stepType: 'standing_received',
        personId: P1,
        details: {
          fromCaseId: 'c-a',
          via: 'split',
          status: 'suspect',
          since: '2026-03-01T08:00:00.000Z',
          suspicionNotified: true,
          pleaAgreement: false,
          detainedSince: '2026-03-01T09:00:00.000Z',
        },
      },
      { stepType: 'measure_received', personId: P1, details: { fromCaseId: 'c-a', measure: 'bail', decidedAt: '2026-03-01T10:00:00.000Z' } },
      {
        stepType: 'deadline_received',
        personId: P1,
        details: { fromCaseId: 'c-a', rule: 'detention_court_decision', ruleVersion: 2, startedAt: '2026-03-01T09:00:00.000Z', dueAt: '2026-03-03T09:00:00.000Z' },
      },
    ]);
  });

  it('adds nothing the second time: the receiving case holds it all already', () => {
    const receiving: PersonState = { ...detainedSuspect, sinceStepId: 'b-1', detention: { stepId: 'b-1', since: detainedSuspect.detention!.since }, measures: { bail: { stepId: 'b-2', decidedAt: at('2026-03-01T10:00:00Z') } } };
    expect(transferSteps(transfer({ receiving, receivingClockRules: new Set(['detention_court_decision']) }))).toEqual([]);
  });

  it('gives a person known there only what the source adds', () => {
    const receiving: PersonState = { status: 'suspect', since: at('2026-02-01T00:00:00Z'), sinceStepId: 'b-1', suspicionNotified: true, pleaAgreement: false, measures: {} };
    expect(transferSteps(transfer({ receiving })).map((step) => step.stepType)).toEqual(['standing_received', 'measure_received', 'deadline_received']);
    const inCustody: PersonState = { ...receiving, measures: { custody: { stepId: 'b-2', decidedAt: at('2026-02-02T00:00:00Z') } } };
    // Held there already, and a 48-hour clock of the rule running there: only the bail is new.
    expect(transferSteps(transfer({ receiving: inCustody, receivingClockRules: new Set(['detention_court_decision']) })).map((step) => step.stepType)).toEqual(['measure_received']);
  });

  it('carries a measure’s end when it has one', () => {
    const source: PersonState = { ...detainedSuspect, detention: undefined, measures: { custody: { stepId: 'a-4', decidedAt: at('2026-03-02T00:00:00Z'), until: at('2026-05-02T00:00:00Z') } } };
    expect(transferSteps(transfer({ source, clocks: [] }))[1].details).toEqual({ fromCaseId: 'c-a', measure: 'custody', decidedAt: '2026-03-02T00:00:00.000Z', until: '2026-05-02T00:00:00.000Z' });
  });
});
