import { randomUUID } from 'node:crypto';
import { PersonMerged } from '@icjims/contracts';
import { cloudEvent, stepCorrection } from '@icjims/testing';
import { caseRegistered, personAdded, stepRecorded, useAnalytics } from '../analytics.fixtures';
import { EXACT_FOR_NATIONAL_VARIABLE } from '../disclosure/disclosure-policy';
import { openedDetails, probationStream } from '../probation/probation.fixtures';

/** Reoffending within 12 and 24 months of a conviction, linked by pseudonymous person id, from events to tables. */
describe('reoffending', () => {
  // National analysts see exact figures here, to check them.
  const suite = useAnalytics({ [EXACT_FOR_NATIONAL_VARIABLE]: 'true' });
  const { deliver, cellsOf } = suite;
  const region = 'KG-T';

  /** A case registered on a day, announced then. */
  const caseOn = (on: string, data = {}) => caseRegistered({ region, receivedAt: `${on}T05:00:00Z`, registeredAt: `${on}T06:00:00Z`, ...data }, `${on}T06:00:00Z`);
  /** A step about a person on a day, at noon in Kyrgyzstan (06:00Z), recorded five minutes later. */
  const stepOn = (caseId: string, personId: string, stepType: string, on: string, details = {}) =>
    stepRecorded({ caseId, region, personId, stepType, occurredAt: `${on}T06:00:00Z`, recordedAt: `${on}T06:05:00Z`, details });
  const convicted = (caseId: string, personId: string, on: string) => stepOn(caseId, personId, 'verdict', on, { outcome: 'conviction' });
  const suspect = (caseId: string, personId: string, on: string, data = {}) => personAdded({ caseId, region, personId, ...data }, `${on}T06:00:00Z`);

  it('follows the persons convicted in a period for 12 and 24 months, linked by person id with merges, once the window has run out', async () => {
    const [p1, p2, p3, p4, p5, p5again, p6] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const [a, a2, b, c, d, e, f] = ['2005-01-10', '2005-01-10', '2005-01-11', '2005-01-12', '2005-01-13', '2005-01-14', '2005-01-15'].map((on) => caseOn(on));
    // New cases: P1's within 12 months, P2's within 24; P4 was a suspect only in a case registered before, and a victim
    // after; P5 under another record, merged into P5's on 1 May 2006; P6's is split off the case P6 was convicted in.
    const [n1, n2, n3, n4, n5] = [caseOn('2005-09-01'), caseOn('2006-06-01'), caseOn('2005-02-01'), caseOn('2005-05-02'), caseOn('2005-06-01')];
    const split = caseOn('2005-04-01', { splitFromCaseId: f.data.caseId });
    const annulled = convicted(c.data.caseId, p3, '2005-03-15');
    const corrections = stepCorrection(annulled.data, { action: 'annul' }).map((event) => ({ ...event, time: '2005-03-16T06:00:00Z' }));
    await deliver(a, a2, b, c, d, e, f, n1, n2, n3, n4, n5, split);
    await deliver(
      suspect(a.data.caseId, p1, '2005-01-10', { sex: 'female' }),
      suspect(b.data.caseId, p2, '2005-01-11', { sex: 'male' }),
      suspect(d.data.caseId, p4, '2005-01-13', { sex: 'male' }),
      suspect(e.data.caseId, p5, '2005-01-14', { sex: 'female' }),
      suspect(f.data.caseId, p6, '2005-01-15', { sex: 'male' }),
      convicted(a.data.caseId, p1, '2005-03-10'),
      // A second conviction of P1 in the same month: P1 is in the cohort once.
      convicted(a2.data.caseId, p1, '2005-03-28'),
      convicted(b.data.caseId, p2, '2005-03-12'),
      annulled,
      ...corrections,
      convicted(d.data.caseId, p4, '2005-03-20'),
      convicted(e.data.caseId, p5, '2005-03-22'),
      convicted(f.data.caseId, p6, '2005-03-25'),
      stepOn(n1.data.caseId, p1, 'suspicion_notified', '2005-09-05'),
      suspect(n2.data.caseId, p2, '2006-06-01'),
      suspect(n3.data.caseId, p4, '2005-02-01'),
      personAdded({ caseId: n4.data.caseId, region, personId: p4, role: 'victim' }, '2005-05-02T06:00:00Z'),
      stepOn(n5.data.caseId, p5again, 'detention', '2005-06-02'),
      suspect(split.data.caseId, p6, '2005-04-01'),
      cloudEvent(PersonMerged, n5.data.caseId, { caseId: n5.data.caseId, region, mergedPersonId: p5again, survivingPersonId: p5 }, { time: '2006-05-01T06:00:00Z' }),
    );
    const range = `from=2005-02&to=2005-04&region=${region}`;

    // March's cohort: P1, P2, P4, P5, P6 (P3's conviction was annulled). Within 12 months P1 and P5: 2 of 5.
    expect(await cellsOf(`reoffending_12m_share/table?${range}`)).toEqual({ '2005-02': 'small-denominator', '2005-03': 40, '2005-04': 'small-denominator' });
    // Within 24 months P2 too.
    expect((await cellsOf(`reoffending_24m_share/table?${range}`))['2005-03']).toBe(60);
    // By sex: both women came back within 12 months, none of the three men.
    const bySex = await cellsOf(`reoffending_12m_share/table?${range}&by=sex`);
    expect([bySex['2005-03|female'], bySex['2005-03|male'], bySex['2005-03|unknown'], bySex['2005-03|_T']]).toEqual([100, 0, 'small-denominator', 40]);

    // As it stood on 15 April 2006: March's 12 months had run out, but P5's two records were not yet one person.
    expect((await cellsOf(`reoffending_12m_share/table?${range}&asOf=2006-04-15T00:00:00Z`))['2005-03']).toBe(20);
    // Its 24 months had not: no figure yet, even for a national analyst who sees exact figures.
    expect((await cellsOf(`reoffending_24m_share/table?${range}&asOf=2006-04-15T00:00:00Z`))['2005-03']).toBe('small-denominator');
    // Protected: a cohort of five is below the minimum denominator.
    expect((await cellsOf(`reoffending_12m_share/table?${range}`, await suite.services.tokenFor('analyst', { region })))['2005-03']).toBe('small-denominator');
  });

  it('gives no figure for a cohort still inside its window now', async () => {
    // Last month's cohort: a conviction and a new case straight after — the 12 months have not run out.
    const now = new Date();
    const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15)).toISOString().slice(0, 10);
    const [convictedIn, next] = [caseOn(`${month.slice(0, 8)}01`), caseOn(`${month.slice(0, 8)}20`)];
    const person = randomUUID();
    await deliver(convictedIn, next, convicted(convictedIn.data.caseId, person, month), suspect(next.data.caseId, person, `${month.slice(0, 8)}20`));
    const period = month.slice(0, 7);
    expect(await cellsOf(`reoffending_12m_share/table?from=${period}&to=${period}&region=${region}`)).toEqual({ [period]: 'small-denominator' });
  });

  it('follows the persons who completed probation (entries published directly, as the probation journal publishes them), from the aggregate and as of an earlier instant from the facts', async () => {
    const [p1, p2, p3, p4, p2again] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const [a, b, c, d, next] = [caseOn('2004-01-10'), caseOn('2004-01-11'), caseOn('2004-01-12'), caseOn('2004-01-13'), caseOn('2004-09-01')];
    const supervised = (criminal: typeof a, personId: string) => probationStream({ caseId: criminal.data.caseId, personId, region });
    const [s1, s2, s3, s4] = [supervised(a, p1), supervised(b, p2), supervised(c, p3), supervised(d, p4)];
    const ended = (stream: typeof s1, end: 'completed' | 'revoked', on: string) => [
      stream.entry('opened', openedDetails('probation_supervision', '2003-03-01'), '2003-03-01'),
      stream.entry('ended', { end, endedOn: on }, on),
    ];
    await deliver(a, b, c, d, next);
    await deliver(
      suspect(a.data.caseId, p1, '2004-01-10', { sex: 'female' }),
      // P1 and P2 completed probation in March 2004, P3's was revoked, P4's completed but was then annulled.
      ...ended(s1, 'completed', '2004-03-10'),
      ...ended(s2, 'completed', '2004-03-15'),
      ...ended(s3, 'revoked', '2004-03-20'),
      ...ended(s4, 'completed', '2004-03-25'),
      s4.entry('annulled', { sourceStepId: randomUUID(), correctionStepId: randomUUID(), ground: 'sentence_annulled' }, '2004-04-01'),
      // P1 a suspect in a new case within 12 months; P3 too, but P3 is not in the cohort.
      suspect(next.data.caseId, p1, '2004-09-01'),
      suspect(next.data.caseId, p3, '2004-09-01'),
    );
    const march = `from=2004-03&to=2004-03&region=${region}`;
    expect(await cellsOf(`reoffending_after_probation_12m_share/table?${march}`)).toEqual({ '2004-03': 50 });
    expect((await cellsOf(`reoffending_after_probation_12m_share/table?${march}&by=sex`))['2004-03|female']).toBe(100);
    // As it stood in mid-March 2005, March 2004's 12 months had not run out: no figure yet.
    expect(await cellsOf(`reoffending_after_probation_12m_share/table?${march}&asOf=2005-03-15T00:00:00Z`)).toEqual({ '2004-03': 'small-denominator' });
    const { rows: [held] } = await suite.services.db.query(`SELECT count(*)::int AS n FROM analytics.reoffending_completions WHERE case_id = ANY($1::uuid[])`, [[a, b, c, d].map((criminal) => criminal.data.caseId)]);
    // Kept by the projection: P1's and P2's completions (P3's was revoked, P4's annulled).
    expect(held.n).toBe(2);

    // P2, under another record, a suspect in a new case in November 2004; the records merged on 1 June 2005: then P2 came back too.
    const another = caseOn('2004-11-02');
    await deliver(another);
    await deliver(
      suspect(another.data.caseId, p2again, '2004-11-02'),
      cloudEvent(PersonMerged, another.data.caseId, { caseId: another.data.caseId, region, mergedPersonId: p2again, survivingPersonId: p2 }, { time: '2005-06-01T06:00:00Z' }),
    );
    expect(await cellsOf(`reoffending_after_probation_12m_share/table?${march}`)).toEqual({ '2004-03': 100 });
    // As it stood on 15 May 2005 (before the merge, the window run out), one of two; the current figure is a revision of it.
    expect(await cellsOf(`reoffending_after_probation_12m_share/table?${march}&asOf=2005-05-15T00:00:00Z`)).toEqual({ '2004-03': 50 });
  });
});
