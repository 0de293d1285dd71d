import { decide } from './journal';
import {
  deadlineReceived, detention, given, investigating, itDecides, measureApplied, measureReceived, P1, P2, registration, standingReceived, suspicion, withSuspects,
} from './journal-scenarios';

describe('standing received from another case', () => {
  itDecides([
    { name: 'a new case split off another takes the person’s standing while still registered', steps: () => [registration(), standingReceived(P1)], then: 'registered' },
    { name: 'a case under investigation takes it', steps: () => [...investigating(), standingReceived(P1)], then: 'under_investigation' },
    { name: 'a measure comes after the standing', steps: () => [registration(), standingReceived(P1), measureReceived(P1)], then: 'registered' },
    { name: 'a measure before the standing is out of order', steps: () => [registration(), measureReceived(P1)], then: '422 missing-prerequisite' },
    { name: 'a measure already running here is not taken twice', steps: () => [...withSuspects(P1), measureApplied(P1), standingReceived(P1), measureReceived(P1)], then: '409 already-done' },
    { name: 'a deadline comes after the standing', steps: () => [registration(), standingReceived(P1), deadlineReceived(P1)], then: 'registered' },
    { name: 'a deadline before the standing is out of order', steps: () => [registration(), deadlineReceived(P1)], then: '422 missing-prerequisite' },
  ]);

  it('gives a person new here the source’s status, dates, suspicion, plea and open detention', () => {
    const received = standingReceived(P1, { status: 'accused', pleaAgreement: true, detainedSince: '2026-03-01T10:00:00.000Z' });
    const person = given([registration(), received]).persons[P1];
    expect(person).toEqual({
      status: 'accused',
      since: new Date(received.details.since as string),
      sinceStepId: received.stepId,
      suspicionNotified: true,
      pleaAgreement: true,
      measures: {},
      detention: { stepId: received.stepId, since: new Date('2026-03-01T10:00:00.000Z') },
    });
  });

  it('keeps the standing of a person known here, adding what the source adds', () => {
    const steps = [...investigating(), suspicion(P1)];
    const before = given(steps).persons[P1];
    const after = given([...steps, standingReceived(P1, { status: 'accused', suspicionNotified: false, pleaAgreement: true, detainedSince: '2026-03-01T10:00:00.000Z' })]).persons[P1];
    expect(after).toEqual({ ...before, pleaAgreement: true, detention: expect.objectContaining({ since: new Date('2026-03-01T10:00:00.000Z') }) });
  });

  it('does not give a detention to a person detained here already', () => {
    const steps = [...withSuspects(P1), detention(P1)];
    const before = given(steps).persons[P1];
    expect(given([...steps, standingReceived(P1, { detainedSince: '2026-03-01T10:00:00.000Z' })]).persons[P1].detention).toEqual(before.detention);
  });

  it('lets custody received take over from a received detention, with the source’s dates', () => {
    const custody = measureReceived(P1);
    const person = given([registration(), standingReceived(P1, { detainedSince: '2026-03-01T10:00:00.000Z' }), custody]).persons[P1];
    expect(person.detention).toBeUndefined();
    expect(person.measures.custody).toEqual({ stepId: custody.stepId, decidedAt: new Date(custody.details.decidedAt as string), until: new Date(custody.details.until as string) });
  });

  it('lets the receiving case go on with the person: a release of the received detention is accepted', () => {
    const state = given([...investigating(), standingReceived(P1, { detainedSince: '2026-03-01T10:00:00.000Z' })]);
    const release = { stepId: 'r', stepType: 'release_from_detention', occurredAt: new Date('2026-03-05T00:00:00Z'), personId: P1, details: {} };
    expect(decide(state, release)).toEqual({ ok: true, steps: [release], status: 'under_investigation' });
    expect(state.persons[P2]).toBeUndefined();
  });
});
