import { randomUUID } from 'node:crypto';
import { CaseRegisteredV1, CloudEvent, StepRecordedV1 } from '@icjims/contracts';
import { http } from '@icjims/testing';
import { caseRegistered, cellsOfTable, stepCorrected, stepRecorded, useAnalytics } from '../analytics.fixtures';
import { MIN_DENOMINATOR_VARIABLE } from '../disclosure/disclosure-policy';
import { TOTAL } from '../tables/statistical-table';

/**
 * The flow of cases through the pre-trial and court stages, from events to published tables:
 * incoming, resolved, pending, clearance rate and disposition time, as corrected, and as they
 * stood on an earlier date. Each test works in a region and year of its own (pending cases
 * carry over from earlier periods, so nothing else may fall there).
 */
describe('case flow indicators', () => {
  // Ratios over a handful of cases are published here, to check their values.
  const suite = useAnalytics({ [MIN_DENOMINATOR_VARIABLE]: '1' });
  const { deliver, table, cellsOf } = suite;

  /** A case registered at `registeredAt` (09:00 in Bishkek on that day), with its events. */
  function aCase(region: string, registeredOn: string, data: Partial<CaseRegisteredV1> = {}) {
    const registered = caseRegistered({ region, registeredAt: `${registeredOn}T03:00:00Z`, receivedAt: `${registeredOn}T02:00:00Z`, ...data }, `${registeredOn}T03:00:01Z`);
    const step = (stepType: string, on: string, recordedAt = `${on}T05:00:00Z`): CloudEvent<StepRecordedV1> =>
      stepRecorded({ caseId: registered.data.caseId, region, stepType, occurredAt: `${on}T04:00:00Z`, recordedAt });
    return { registered, step };
  }

  it('counts incoming, resolved and pending cases of the pre-trial stage, and their clearance rate and disposition time', async () => {
    const a = aCase('KG-T', '2017-01-10');
    const b = aCase('KG-T', '2017-01-20');
    const c = aCase('KG-T', '2017-02-01');
    const d = aCase('KG-T', '2017-02-10');
    await deliver(a.registered, b.registered, c.registered, d.registered);
    await deliver(a.step('indictment', '2017-02-15'), b.step('proceedings_terminated', '2017-03-05'), d.step('case_joined', '2017-02-20'));
    // A step that ends nothing, and one of another stage, change nothing here.
    await deliver(c.step('investigation_started', '2017-02-02'), a.step('verdict', '2017-03-20'));

    const range = 'from=2017-01&to=2017-03&region=KG-T';
    expect(await cellsOf(`pretrial_incoming/table?${range}`)).toEqual({ '2017-01': 2, '2017-02': 2, '2017-03': 0 });
    expect(await cellsOf(`pretrial_resolved/table?${range}`)).toEqual({ '2017-01': 0, '2017-02': 2, '2017-03': 1 });
    expect(await cellsOf(`pretrial_pending/table?${range}`)).toEqual({ '2017-01': 2, '2017-02': 2, '2017-03': 1 });
    expect(await cellsOf(`pretrial_clearance_rate/table?${range}`)).toEqual({ '2017-01': 0, '2017-02': 100, '2017-03': 'small-denominator' });
    // Pending ÷ resolved × the days of the month: February 2017 has 28, March 31.
    expect(await cellsOf(`pretrial_disposition_time/table?${range}`)).toEqual({ '2017-01': 'small-denominator', '2017-02': 28, '2017-03': 31 });
    // In court: the indicted case enters in February and its verdict resolves it in March.
    expect(await cellsOf(`court_incoming/table?${range}`)).toEqual({ '2017-01': 0, '2017-02': 1, '2017-03': 0 });
    expect(await cellsOf(`court_resolved/table?${range}`)).toEqual({ '2017-01': 0, '2017-02': 0, '2017-03': 1 });
    expect(await cellsOf(`court_pending/table?${range}`)).toEqual({ '2017-01': 0, '2017-02': 1, '2017-03': 0 });
    expect(await cellsOf(`pretrial_incoming/table?period=quarter&from=2017-Q1&to=2017-Q1&region=KG-T`)).toEqual({ '2017-Q1': 4 });
  });

  it('gives the flow over any range of days, both ends included, in the jurisdiction’s calendar', async () => {
    const a = aCase('KG-Y', '2017-01-10');
    const b = aCase('KG-Y', '2017-01-20');
    const c = aCase('KG-Y', '2017-02-01');
    const d = aCase('KG-Y', '2017-02-10');
    await deliver(a.registered, b.registered, c.registered, d.registered);
    await deliver(a.step('indictment', '2017-02-15'), d.step('case_joined', '2017-02-20'));

    const figures = async (range: string) =>
      Promise.all(['incoming', 'resolved', 'pending', 'disposition_time'].map(async (figure) => await cellsOf(`pretrial_${figure}/table?period=range&${range}&region=KG-Y`)));
    // D registered at 09:00 (Bishkek) on the range's last day: in.
    expect(await figures('from=2017-01-15&to=2017-02-10')).toEqual([
      { '2017-01-15/2017-02-10': 3 },
      { '2017-01-15/2017-02-10': 0 },
      { '2017-01-15/2017-02-10': 4 },
      { '2017-01-15/2017-02-10': 'small-denominator' },
    ]);
    // Two resolved in ten days, two pending at the end: 2 ÷ 2 × 10 days.
    expect(await figures('from=2017-02-11&to=2017-02-20')).toEqual([
      { '2017-02-11/2017-02-20': 0 },
      { '2017-02-11/2017-02-20': 2 },
      { '2017-02-11/2017-02-20': 2 },
      { '2017-02-11/2017-02-20': 10 },
    ]);
  });

  it('never lets a case leave a stage before it entered it: a split-off case’s earlier-dated indictment resolves it at its registration', async () => {
    const split = aCase('KG-GO', '2007-03-10', { receivedAt: '2007-01-01T02:00:00Z', splitFromCaseId: randomUUID() });
    await deliver(split.registered, split.step('indictment', '2007-02-01'));
    const range = 'from=2007-02&to=2007-03&region=KG-GO';
    expect(await cellsOf(`pretrial_incoming/table?${range}`)).toEqual({ '2007-02': 0, '2007-03': 1 });
    expect(await cellsOf(`pretrial_resolved/table?${range}`)).toEqual({ '2007-02': 0, '2007-03': 1 });
    expect(await cellsOf(`pretrial_pending/table?${range}`)).toEqual({ '2007-02': 0, '2007-03': 0 });
    expect(await cellsOf(`pretrial_resolved/table?period=year&from=2007&to=2007&region=KG-GO`)).toEqual({ '2007': 1 });
  });

  it('counts cases terminated by legal ground, each case once, the pack’s grounds listed and unknown a category', async () => {
    const [a, b, c] = [aCase('KG-Y', '2006-04-01'), aCase('KG-Y', '2006-04-02'), aCase('KG-Y', '2006-04-03')];
    const ended = (one: typeof a, on: string, details: Record<string, string>) =>
      stepRecorded({ caseId: one.registered.data.caseId, region: 'KG-Y', stepType: 'proceedings_terminated', occurredAt: `${on}T04:00:00Z`, recordedAt: `${on}T05:00:00Z`, details });
    await deliver(a.registered, b.registered, c.registered);
    await deliver(ended(a, '2006-04-10', { ground: 'death_of_suspect' }), ended(b, '2006-04-11', {}), ended(a, '2006-05-10', { ground: 'death_of_suspect' }));
    const published = await table('cases_terminated/table?from=2006-04&to=2006-05&region=KG-Y&by=ground');
    expect(published.dimensions[1].categories.map((category) => category.code)).toEqual(['death_of_suspect', 'unknown', TOTAL]);
    expect(cellsOfTable(published)).toEqual({
      '2006-04|death_of_suspect': 1,
      '2006-04|unknown': 1,
      [`2006-04|${TOTAL}`]: 2,
      '2006-05|death_of_suspect': 0,
      '2006-05|unknown': 0,
      [`2006-05|${TOTAL}`]: 0,
    });
  });

  it('breaks the flow down by the case’s agency and ICCS section, with unknown as a category and totals', async () => {
    await deliver(
      aCase('KG-Y', '2015-05-10', { agency: 'GUVD-GB', offence: { article: '209-1', iccsCode: '0701', severity: 'minor' } }).registered,
      aCase('KG-Y', '2015-05-11', { offence: { article: '130-1', iccsCode: '0101', severity: 'especially_grave' } }).registered,
    );
    const published = await table('pretrial_incoming/table?from=2015-05&to=2015-05&region=KG-Y&by=agency,iccsSection');
    const cells = cellsOfTable(published);
    expect([cells['2015-05|GUVD-GB|07'], cells['2015-05|unknown|01'], cells[`2015-05|${TOTAL}|${TOTAL}`], cells[`2015-05|${TOTAL}|07`]]).toEqual([1, 1, 2, 1]);
    expect(published.dimensions[2].categories.find((category) => category.code === '07')?.label).toMatch(/^07 /);
  });

  it('gives the age profile of the cases pending at the end of the period, in calendar months', async () => {
    const registered = ['2012-01-01', '2013-06-01', '2014-01-15', '2014-05-20', '2014-08-10', '2014-11-03'].map((on) => aCase('KG-N', on).registered);
    const resolved = aCase('KG-N', '2014-02-01');
    await deliver(...registered, resolved.registered, resolved.step('proceedings_terminated', '2014-03-01'));
    const published = await table('pretrial_pending/table?from=2014-12&to=2014-12&region=KG-N&by=caseAge');
    expect(published.dimensions[1].categories.map((category) => category.code)).toEqual(['under_3_months', '3_to_6_months', '6_to_12_months', '12_to_24_months', 'over_24_months', TOTAL]);
    expect(cellsOfTable(published)).toEqual({
      '2014-12|under_3_months': 1,
      '2014-12|3_to_6_months': 1,
      '2014-12|6_to_12_months': 2,
      '2014-12|12_to_24_months': 1,
      '2014-12|over_24_months': 1,
      [`2014-12|${TOTAL}`]: 6,
    });
  });

  it('gives the median and 90th percentile of durations, suspension excluded, each total its own quantile', async () => {
    const p = aCase('KG-J', '2011-01-01');
    const q = aCase('KG-J', '2011-01-01', { agency: 'GUVD-GB' });
    const r = aCase('KG-J', '2011-01-01');
    await deliver(p.registered, q.registered, r.registered);
    await deliver(p.step('indictment', '2011-01-11'), q.step('proceedings_suspended', '2011-01-05'), q.step('proceedings_resumed', '2011-01-15'), q.step('indictment', '2011-01-21'));
    await deliver(r.step('indictment', '2011-01-31'), r.step('verdict', '2011-02-10'));
    // Registration at 09:00 and steps at 10:00 in Bishkek: 10, 20 − 10 suspended, and 30 days, each an hour more.
    const range = 'from=2011-01&to=2011-02&region=KG-J';
    expect(await cellsOf(`duration_registration_to_indictment_median/table?${range}`)).toEqual({ '2011-01': 10, '2011-02': 'small-denominator' });
    expect(await cellsOf(`duration_registration_to_indictment_p90/table?${range}`)).toEqual({ '2011-01': 26, '2011-02': 'small-denominator' });
    expect(await cellsOf(`duration_indictment_to_verdict_median/table?${range}`)).toEqual({ '2011-01': 'small-denominator', '2011-02': 10 });
    // By agency: the total is the quantile over all three cases, not a sum of the categories.
    const byAgency = await cellsOf(`duration_registration_to_indictment_median/table?from=2011-01&to=2011-01&region=KG-J&by=agency`);
    expect([byAgency['2011-01|GUVD-GB'], byAgency['2011-01|unknown'], byAgency[`2011-01|${TOTAL}`]]).toEqual([10, 20, 10]);
  });

  it('applies corrections, and gives the figures as they stood at an earlier instant', async () => {
    const annulled = aCase('KG-B', '2016-01-05');
    const amended = aCase('KG-B', '2016-01-06');
    const indictment = annulled.step('indictment', '2016-01-20');
    const moved = amended.step('indictment', '2016-01-25');
    await deliver(annulled.registered, amended.registered, indictment, moved);
    await deliver(stepCorrected(indictment.data, '2016-03-01T06:00:00Z'), stepCorrected(moved.data, '2016-02-10T06:00:00Z', { occurredAt: '2016-02-05T04:00:00Z' }));

    const range = 'from=2016-01&to=2016-02&region=KG-B';
    expect(await cellsOf(`pretrial_resolved/table?${range}`)).toEqual({ '2016-01': 0, '2016-02': 1 });
    const asOf = await table(`pretrial_resolved/table?${range}&asOf=2016-02-01T00:00:00Z`);
    expect(asOf.asOf).toBe('2016-02-01T00:00:00.000Z');
    expect(cellsOfTable(asOf)).toEqual({ '2016-01': 2, '2016-02': 0 });
    // Before the cases were registered, there was nothing.
    expect(await cellsOf(`pretrial_incoming/table?${range}&asOf=2016-01-01T00:00:00Z`)).toEqual({ '2016-01': 0, '2016-02': 0 });
  });

  it.each([
    ['asOf for an indicator kept as running counts', 'cases_registered/table?asOf=2026-01-01', 'asOf'],
    ['asOf in the future', 'pretrial_incoming/table?asOf=2999-01-01', 'asOf'],
    ['asOf that is not a date', 'pretrial_incoming/table?asOf=yesterday', 'asOf'],
    ['a breakdown of people for a flow of cases', 'pretrial_incoming/table?by=citizenshipGroup', 'by'],
    ['an age profile of incoming cases', 'pretrial_incoming/table?by=caseAge', 'by'],
  ])('refuses %s with 400 naming the field', async (_case, path, field) => {
    const response = await http('GET', `${suite.base}/indicators/${path}`, { token: suite.national });
    expect([response.status, response.body.errors?.[0]?.field]).toEqual([400, field]);
  });

  it('serves flow indicators as tables only', async () => {
    expect((await http('GET', `${suite.base}/indicators/pretrial_incoming`, { token: suite.national })).status).toBe(404);
  });
});
