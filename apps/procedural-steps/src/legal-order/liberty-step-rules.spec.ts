import { isDetained } from './journal-state';
import {
  closedCase, decidedCase, detention, given, hoursBefore, inCourt, investigating, itDecides, last, measureApplied, measureChanged, measureExtended,
  measureLifted, occurring, P1, P2, registration, release, resumed, suspended, suspendedCase, suspicion, terminated, verdict, withSuspects,
} from './journal-scenarios';

describe('detention', () => {
  itDecides([
    { name: 'detains a new person as a suspect', steps: () => [...investigating(), detention(P1)], then: 'under_investigation' },
    { name: 'detains a notified suspect', steps: () => [...withSuspects(P1), detention(P1)], then: 'under_investigation' },
    { name: 'detains again after a release', steps: () => [...withSuspects(P1), detention(P1), release(P1), detention(P1)], then: 'under_investigation' },
    { name: 'is refused for a person already detained', steps: () => [...withSuspects(P1), detention(P1), detention(P1)], then: '409 already-done' },
    { name: 'is refused for a person in custody', steps: () => [...withSuspects(P1), measureApplied(P1), detention(P1)], then: '409 already-done' },
    { name: 'is refused for an accused of a reopened case', steps: () => [...inCourt(P1), terminated(), resumed(), detention(P1)], then: '422 wrong-stage' },
    { name: 'is refused before the investigation started', steps: () => [registration(), detention(P1)], then: '422 wrong-stage' },
    { name: 'is refused in court', steps: () => [...inCourt(P1), detention(P2)], then: '422 wrong-stage' },
    { name: 'is refused while suspended', steps: () => [...suspendedCase(), detention(P1)], then: '422 wrong-stage' },
    { name: 'is refused in a closed case', steps: () => [...closedCase(), detention(P1)], then: '409 case-finished' },
    {
      name: 'is refused when it occurred before the previous release',
      steps: () => {
        const journal = [...withSuspects(P1), detention(P1), release(P1)];
        return [...journal, occurring(detention(P1), hoursBefore(last(journal), 0.5))];
      },
      then: '422 occurred-too-early',
    },
  ]);

  it('opens a detention that names its step', () => {
    const journal = [...investigating(), detention(P1)];
    expect(given(journal).persons[P1].detention).toEqual({ stepId: last(journal).stepId, since: last(journal).occurredAt });
  });
});

describe('release_from_detention', () => {
  itDecides([
    { name: 'releases a detained suspect', steps: () => [...withSuspects(P1), detention(P1), release(P1)], then: 'under_investigation' },
    { name: 'releases a person from custody', steps: () => [...withSuspects(P1), measureApplied(P1), release(P1)], then: 'under_investigation' },
    { name: 'releases during a suspension', steps: () => [...withSuspects(P1), detention(P1), suspended(), release(P1)], then: 'suspended' },
    { name: 'releases an accused from custody in court', steps: () => [...inCourt(P1), measureApplied(P1), release(P1)], then: 'in_court' },
    { name: 'is refused for a person who is not detained', steps: () => [...withSuspects(P1), release(P1)], then: '409 already-done' },
    { name: 'is refused a second time', steps: () => [...withSuspects(P1), detention(P1), release(P1), release(P1)], then: '409 already-done' },
    { name: 'is refused for a person not in the case', steps: () => [...withSuspects(P1), release(P2)], then: '409 already-done' },
    { name: 'is refused after termination, which released everyone', steps: () => [...withSuspects(P1), detention(P1), terminated(), release(P1)], then: '409 case-finished' },
    {
      name: 'is refused when it occurred before the detention',
      steps: () => {
        const journal = [...withSuspects(P1), detention(P1)];
        return [...journal, occurring(release(P1), hoursBefore(last(journal), 0.5))];
      },
      then: '422 occurred-too-early',
    },
  ]);

  it('ends both the detention and the custody', () => {
    const journal = [...withSuspects(P1), detention(P1), measureApplied(P1, 'travel_ban'), release(P1)];
    expect(given(journal).persons[P1]).toMatchObject({ detention: undefined, releasedAt: last(journal).occurredAt, measures: { travel_ban: expect.anything() } });
  });
});

describe('preventive_measure_applied', () => {
  itDecides([
    { name: 'takes a detained suspect into custody', steps: () => [...withSuspects(P1), detention(P1), measureApplied(P1, 'custody')], then: 'under_investigation' },
    { name: 'bans an accused from travelling', steps: () => [...inCourt(P1), measureApplied(P1, 'travel_ban')], then: 'in_court' },
    { name: 'holds a convicted person in custody to secure the sentence', steps: () => [...decidedCase(), measureApplied(P1, 'custody')], then: 'decided' },
    { name: 'applies bail without a term', steps: () => [...withSuspects(P1), measureApplied(P1, 'bail', undefined)], then: 'under_investigation' },
    { name: 'applies a second, different measure', steps: () => [...withSuspects(P1), measureApplied(P1, 'bail'), measureApplied(P1, 'travel_ban')], then: 'under_investigation' },
    { name: 'is refused while the same measure runs', steps: () => [...withSuspects(P1), measureApplied(P1, 'bail'), measureApplied(P1, 'bail')], then: '409 already-done' },
    { name: 'is refused for a person who is not a suspect', steps: () => [...withSuspects(P1), measureApplied(P2)], then: '422 missing-prerequisite' },
    { name: 'is refused for an acquitted person', steps: () => [...inCourt(P1, P2), verdict(P1, 'acquittal'), measureApplied(P1, 'travel_ban')], then: '422 missing-prerequisite' },
    { name: 'is refused while suspended', steps: () => [...suspendedCase(), measureApplied(P1)], then: '422 wrong-stage' },
    { name: 'is refused before the investigation started', steps: () => [registration(), measureApplied(P1)], then: '422 wrong-stage' },
    { name: 'is refused with a term that ended already', steps: () => [...withSuspects(P1), measureApplied(P1, 'travel_ban', -1)], then: '422 invalid-term' },
    { name: 'is refused in a closed case', steps: () => [...closedCase(), measureApplied(P1)], then: '409 case-finished' },
    {
      name: 'is refused when it occurred before the suspicion',
      steps: () => {
        const journal = [...investigating(), suspicion(P1)];
        return [...journal, occurring(measureApplied(P1), hoursBefore(last(journal), 0.5))];
      },
      then: '422 occurred-too-early',
    },
  ]);

  it('custody takes over from the detention', () => {
    const person = given([...withSuspects(P1), detention(P1), measureApplied(P1, 'custody')]).persons[P1];
    expect(person.detention).toBeUndefined();
    expect(isDetained(person)).toBe(true);
  });
});

describe('preventive_measure_extended', () => {
  itDecides([
    { name: 'extends running custody', steps: () => [...withSuspects(P1), measureApplied(P1, 'custody', 60), measureExtended(P1, 'custody', 120)], then: 'under_investigation' },
    { name: 'extends a measure while suspended', steps: () => [...withSuspects(P1), measureApplied(P1, 'travel_ban'), suspended(), measureExtended(P1, 'travel_ban')], then: 'suspended' },
    { name: 'is refused after the release ended the custody', steps: () => [...withSuspects(P1), measureApplied(P1), release(P1), measureExtended(P1)], then: '422 missing-prerequisite' },
    { name: 'is refused for a measure never applied', steps: () => [...withSuspects(P1), measureExtended(P1, 'house_arrest')], then: '422 missing-prerequisite' },
    { name: 'is refused for an end not after the current one', steps: () => [...withSuspects(P1), measureApplied(P1, 'custody', 60), measureExtended(P1, 'custody', 30)], then: '422 invalid-term' },
    { name: 'is refused in a closed case', steps: () => [...closedCase(), measureExtended(P1)], then: '409 case-finished' },
    {
      name: 'is refused when it occurred before the measure was applied',
      steps: () => {
        const journal = [...withSuspects(P1), measureApplied(P1, 'custody', 60)];
        return [...journal, occurring(measureExtended(P1, 'custody', 120), hoursBefore(last(journal), 0.5))];
      },
      then: '422 occurred-too-early',
    },
  ]);

  it('moves the end of the measure', () => {
    const journal = [...withSuspects(P1), measureApplied(P1, 'custody', 60), measureExtended(P1, 'custody', 120)];
    const extension = last(journal);
    const custody = given(journal).persons[P1].measures.custody;
    expect(custody).toEqual({ stepId: extension.stepId, decidedAt: extension.occurredAt, until: new Date(extension.details.until as string) });
  });
});

describe('preventive_measure_changed', () => {
  itDecides([
    { name: 'replaces custody by house arrest', steps: () => [...withSuspects(P1), measureApplied(P1, 'custody'), measureChanged(P1, 'custody', 'house_arrest')], then: 'under_investigation' },
    { name: 'replaces bail by custody', steps: () => [...inCourt(P1), measureApplied(P1, 'bail'), measureChanged(P1, 'bail', 'custody')], then: 'in_court' },
    { name: 'is refused for a measure not running', steps: () => [...withSuspects(P1), measureChanged(P1, 'bail', 'custody')], then: '422 missing-prerequisite' },
    {
      name: 'is refused into a measure already running',
      steps: () => [...withSuspects(P1), measureApplied(P1, 'bail'), measureApplied(P1, 'travel_ban'), measureChanged(P1, 'bail', 'travel_ban')],
      then: '409 already-done',
    },
    { name: 'is refused into the same measure', steps: () => [...withSuspects(P1), measureApplied(P1, 'bail'), measureChanged(P1, 'bail', 'bail')], then: '422 invalid-step' },
    { name: 'is refused in a closed case', steps: () => [...closedCase(), measureChanged(P1, 'bail', 'custody')], then: '409 case-finished' },
  ]);

  it('leaving custody for house arrest is a release', () => {
    const journal = [...withSuspects(P1), measureApplied(P1, 'custody'), measureChanged(P1, 'custody', 'house_arrest')];
    const person = given(journal).persons[P1];
    expect(isDetained(person)).toBe(false);
    expect(person.releasedAt).toEqual(last(journal).occurredAt);
    expect(Object.keys(person.measures)).toEqual(['house_arrest']);
  });

  it('entering custody from a detention ends the detention', () => {
    const person = given([...withSuspects(P1), detention(P1), measureApplied(P1, 'bail'), measureChanged(P1, 'bail', 'custody')]).persons[P1];
    expect(person.detention).toBeUndefined();
    expect(isDetained(person)).toBe(true);
  });
});

describe('preventive_measure_lifted', () => {
  itDecides([
    { name: 'lifts a running measure', steps: () => [...withSuspects(P1), measureApplied(P1, 'travel_ban'), measureLifted(P1, 'travel_ban')], then: 'under_investigation' },
    { name: 'lifts custody on appeal', steps: () => [...decidedCase(), measureApplied(P1), measureLifted(P1)], then: 'decided' },
    { name: 'is refused for a measure not running', steps: () => [...withSuspects(P1), measureLifted(P1, 'bail')], then: '409 already-done' },
    { name: 'is refused a second time', steps: () => [...withSuspects(P1), measureApplied(P1, 'bail'), measureLifted(P1, 'bail'), measureLifted(P1, 'bail')], then: '409 already-done' },
    { name: 'is refused in a closed case', steps: () => [...closedCase(), measureLifted(P1)], then: '409 case-finished' },
    {
      name: 'is refused when it occurred before the measure was applied',
      steps: () => {
        const journal = [...withSuspects(P1), measureApplied(P1, 'bail')];
        return [...journal, occurring(measureLifted(P1, 'bail'), hoursBefore(last(journal), 0.5))];
      },
      then: '422 occurred-too-early',
    },
  ]);

  it('lifting custody frees the person', () => {
    expect(isDetained(given([...withSuspects(P1), measureApplied(P1), measureLifted(P1)]).persons[P1])).toBe(false);
  });
});
