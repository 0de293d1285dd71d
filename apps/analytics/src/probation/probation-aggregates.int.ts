import { randomUUID } from 'node:crypto';
import { AGE_BANDS, CloudEvent, PROBATION_ENDS, SEXES } from '@icjims/contracts';
import { publishEvents } from '@icjims/testing';
import { EntityManager } from 'typeorm';
import { personAdded } from '../analytics.fixtures';
import { mergesAndUnmerge, seededRandom, sortedByKey, useAggregates } from '../aggregates/aggregates.fixtures';
import { rebuildAggregates } from '../aggregates/rebuild';
import { firstMeetingDays, ProbationBreakdown, probationSums } from './probation-figures';
import { firstMeetingDaysFromAggregates, probationSumsFromAggregates, stocksFromAggregates, supervisionDaysFromAggregates } from './probation-from-aggregates';
import { stocksAtPeriodEnd, supervisionDaysIn } from './probation-states';
import { openedDetails, probationStream } from './probation.fixtures';
import { PROBATION_MEASURES } from './probation-sql';
import { STOCKS_KEY } from './probation-stock-cubes';

/**
 * The probation aggregates against the reference, on seeded random caseloads published as the
 * probation journal publishes them (published directly, to choose them): cases opened, allocated, met or missed,
 * with community work, violations, assessments, breaches, absconding and finding, ended in every way,
 * amended (the term only, or the case type and hours too) and annulled; reports submitted on time or late, or withdrawn; persons never
 * announced; entries delivered again under other event ids; merges and an unmerge. After each
 * batch a rebuild from the facts finds nothing to change, the cube gives exactly what
 * probationSums and firstMeetingDays compute from the facts, and the cubes of the states give the
 * stocks at each period's end (cases, assessments overdue, distinct officers) and the days under
 * supervision the states computed from the facts give, for every period length (and a range of
 * days, off the states kept), breakdown and region — also for the months around now (open states
 * that began this month, before now and after it; terms that start later), and with reallocations
 * and transfers, some from a month's first instant, and terms starting on a month's first day.
 */
describe('probation aggregates (entries published directly, as the probation journal publishes them)', () => {
  const suite = useAggregates();
  const { spans, check } = suite;

  function caseload(seed: number): { batches: CloudEvent[][]; cases: { caseId: string; region: string; persons: string[] }[] } {
    const random = seededRandom(seed);
    const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
    const day = (from: Date, within: number) => new Date(from.getTime() + Math.floor(random() * within) * 86_400_000).toISOString().slice(0, 10);
    const batches: CloudEvent[][] = [[], [], []];
    const cases: { caseId: string; region: string; persons: string[] }[] = [];
    for (let i = 0; i < 36; i++) {
      const region = pick(['KG-GB', 'KG-T', 'KG-O']);
      const report = random() < 0.25;
      const stream = probationStream({ region, stream: report ? 'pre_sentence_report' : 'probation_case' });
      cases.push({ caseId: stream.caseId, region, persons: [stream.personId] });
      const events: CloudEvent[] = [];
      // Most persons announced with categories; some never.
      if (random() < 0.8) {
        events.push(personAdded({ caseId: stream.caseId, region, personId: stream.personId, role: 'accused', sex: pick(SEXES), ageBand: pick(AGE_BANDS), juvenile: random() < 0.2 }, '2017-06-01T06:00:00Z'));
      }
      // Some cases of recent months, to now and beyond (open states of the current month, terms starting later); some terms start on a month's first day.
      const recent = random() < 0.25;
      const drawn = recent ? day(new Date(Date.now() - 150 * 86_400_000), 150) : day(new Date('2018-01-01T00:00:00Z'), 540);
      const opened = random() < 0.2 ? `${drawn.slice(0, 8)}01` : drawn;
      let at = new Date(`${opened}T00:00:00Z`);
      const next = (within: number) => {
        at = new Date(`${day(at, within)}T00:00:00Z`);
        at = new Date(at.getTime() + 86_400_000);
        return at.toISOString().slice(0, 10);
      };
      if (report) {
        events.push(stream.entry('report_requested', { sourceStepId: randomUUID(), requestedBy: 'court', dueOn: opened }, opened));
        const submitted = next(40);
        events.push(stream.entry('report_submitted', { recommendation: 'probation', dueOn: opened, onTime: random() < 0.5 }, submitted));
        if (random() < 0.2) events.push(stream.entry('report_withdrawn', { sourceStepId: randomUUID() }, next(10)));
      } else {
        const caseType = pick(['probation_supervision', 'conditional_sentence', 'community_work', 'parole']);
        events.push(stream.entry('opened', openedDetails(caseType, opened, caseType === 'community_work' ? { communityWorkHours: 40 + Math.floor(random() * 200) } : {}), opened));
        if (random() < 0.3) {
          // Older amendments say the term only; newer ones the court's other terms too: the case type (sometimes another), with the hours of community work.
          const corrected = random() < 0.5 ? caseType : pick(['probation_supervision', 'conditional_sentence', 'community_work']);
          const terms = random() < 0.3 ? {} : { caseType: corrected, obligations: ['reporting'], ...(corrected === 'community_work' && { communityWorkHours: 10 + Math.floor(random() * 200) }) };
          events.push(stream.entry('amended', { sourceStepId: randomUUID(), correctionStepId: randomUUID(), termMonths: 12, startsOn: next(60), endsOn: '2021-01-01', ...terms }, at.toISOString().slice(0, 10)));
        }
        events.push(stream.entry('allocated', { office: pick(['PR-1', 'PR-2']), officerId: pick(['o1', 'o2', 'o3']), kind: 'initial' }, next(5)));
        for (let k = Math.floor(random() * 6); k > 0; k--) {
          const kind = pick(['contact', 'contact', 'work', 'violation', 'assessment', 'abscond', 'breach', 'reallocation']);
          const on = next(45);
          if (kind === 'contact') events.push(stream.entry('contact_recorded', { contactKind: 'office_appointment', outcome: random() < 0.7 ? 'attended' : 'missed' }, on));
          if (kind === 'work') events.push(stream.entry('community_work_logged', { workedOn: on, hours: 1 + Math.floor(random() * 8) }, on));
          if (kind === 'violation') events.push(stream.entry('violation_recorded', { violationId: randomUUID(), obligation: 'reporting', violationType: 'missed_reporting', occurredOn: on }, on));
          if (kind === 'assessment') events.push(stream.entry('assessment_recorded', { instrument: 'risk', instrumentVersion: 1, purpose: 'reassessment', score: 5, band: 'low', nextDueOn: next(90) }, on));
          if (kind === 'breach') events.push(stream.entry('deadline_breached', { rule: pick(['reassessment', 'first_meeting']), dueOn: on }, on));
          // Another officer or office, sometimes at the very first instant of a month (a period's end).
          if (kind === 'reallocation') {
            const instant = random() < 0.5 ? new Date(suite.jurisdiction.zonedInstant(`${on.slice(0, 8)}01T00:00`)).toISOString() : on;
            events.push(stream.entry('allocated', { office: pick(['PR-1', 'PR-2', 'PR-3']), officerId: pick(['o1', 'o2', 'o3', 'o4']), kind: pick(['reallocation', 'transfer']) }, instant));
          }
          if (kind === 'abscond') {
            events.push(stream.entry('absconded', { since: on }, on));
            const found = next(60);
            events.push(stream.entry('found', { on: found }, found));
          }
        }
        if (random() < 0.6) {
          const ended = next(200);
          events.push(stream.entry('ended', { end: pick(PROBATION_ENDS), endedOn: ended }, ended));
        }
        if (random() < 0.1) events.push(stream.entry('annulled', { sourceStepId: randomUUID(), correctionStepId: randomUUID(), ground: 'sentence_annulled' }, next(30)));
      }
      // Spread over the batches in order; some entries delivered again under another event id.
      events.forEach((event, index) => batches[Math.min(2, Math.floor((index * 3) / events.length))].push(event));
      if (random() < 0.3) batches[2].push({ ...events[events.length - 1], id: randomUUID() });
    }
    // Opened a minute ago: one whose term started today (open since before now, this month), one whose term starts in ten days.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: suite.jurisdiction.timeZone }).format(new Date());
    for (const startsOn of [today, new Date(Date.parse(`${today}T00:00:00Z`) + 10 * 86_400_000).toISOString().slice(0, 10)]) {
      const stream = probationStream({ region: 'KG-GB' });
      cases.push({ caseId: stream.caseId, region: 'KG-GB', persons: [stream.personId] });
      batches[2].push(stream.entry('opened', openedDetails('probation_supervision', startsOn), new Date(Date.now() - 60_000).toISOString()));
    }
    return { batches, cases };
  }

  /** In one transaction: the supervision time of open states runs to now, the transaction's start, in both computations. */
  const expectSameAsReference = () => suite.dataSource.transaction((manager) => sameAsReference(manager));

  async function sameAsReference(manager: EntityManager): Promise<number> {
    const days = [{ code: '2018-03-15/2018-07-10', starts: suite.jurisdiction.zonedInstant('2018-03-15T00:00'), ends: suite.jurisdiction.zonedInstant('2018-07-11T00:00') }];
    // The months around now: the current one holds open states that began before now and after it.
    const month = (shift: number) => new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() + shift, 15)).toISOString().slice(0, 7);
    const aroundNow = spans(month(-7), month(2), 'month');
    const periodSets = [spans('2017-12', '2020-06', 'month'), spans('2018-Q1', '2020-Q2', 'quarter'), spans('2018', '2020', 'year'), days, aroundNow];
    const breakdowns: ProbationBreakdown[][] = [[], ['region'], ['sex'], ['region', 'ageBand', 'juvenile'], ['caseType'], ['end', 'sex']];
    const timeZone = suite.jurisdiction.timeZone;
    let rows = 0;
    for (const periods of periodSets) {
      for (const region of [undefined, 'KG-GB']) {
        for (const by of breakdowns) {
          // Around now, the stocks and supervision time only (the sums do not depend on now).
          for (const measure of periods === aroundNow ? [] : PROBATION_MEASURES) {
            // The measure's own category (type of end, on time) as the rates read it.
            for (const byCategory of measure === 'ended' || measure === 'report' ? [false, true] : [false]) {
              const query = { measure, byCategory, periods, by, region, timeZone };
              const asked = { measure, byCategory, periods: periods[0].code, by, region };
              const reference = sortedByKey(await probationSums(manager, query));
              expect({ asked, rows: sortedByKey(await probationSumsFromAggregates(manager, query)) }).toEqual({ asked, rows: reference });
              rows += reference.length;
            }
          }
          const stockBy = by.filter((breakdown) => breakdown !== 'caseType' && breakdown !== 'end');
          if (stockBy.length === by.length) {
            for (const stockOnly of [stockBy, [...stockBy, 'office'] as ProbationBreakdown[]]) {
              // Distinct officers are asked by region and office only (caseload per officer), and counted then.
              const officers = stockOnly.every((breakdown) => breakdown === 'region' || breakdown === 'office');
              const query = { periods, by: stockOnly, region, timeZone, reassessmentRules: ['reassessment'], officers };
              const asked = { stocks: true, periods: periods[0].code, by: stockOnly, region };
              const reference = sortedByKey((await stocksAtPeriodEnd(manager, query, 'facts')).map(({ officers: count, ...row }) => (officers ? { ...row, officers: count } : row)));
              expect({ asked, rows: sortedByKey(await stocksFromAggregates(manager, query)) }).toEqual({ asked, rows: reference });
              rows += reference.length;
            }
            const query = { periods, by, region, timeZone };
            const asked = { days: true, periods: periods[0].code, by, region };
            const rounded = (found: { key: string[]; value: number }[]) => sortedByKey(found.map((row) => ({ key: row.key, value: Math.round(row.value * 1e6) / 1e6 })));
            const reference = rounded(await supervisionDaysIn(manager, query, 'facts'));
            expect({ asked, rows: rounded(await supervisionDaysFromAggregates(manager, query)) }).toEqual({ asked, rows: reference });
            rows += reference.length;
          }
          for (const quantile of periods === aroundNow ? [] : [0.5, 0.9]) {
            const query = { quantile, periods, by, region, timeZone };
            const asked = { quantile, periods: periods[0].code, by, region };
            const reference = sortedByKey(await firstMeetingDays(manager, query));
            expect({ asked, rows: sortedByKey(await firstMeetingDaysFromAggregates(manager, query)) }).toEqual({ asked, rows: reference });
            rows += reference.length;
          }
        }
      }
    }
    return rows;
  }

  it('gives exactly the reference figures after each batch, and a rebuild agrees', async () => {
    for (const seed of [41, 42]) {
      const { batches, cases } = caseload(seed);
      for (const batch of batches) {
        await publishEvents(suite.services.bus, ...batch);
        expect(await check()).toEqual({});
        await expectSameAsReference();
      }
      const persons = cases.flatMap((entry) => entry.persons);
      await publishEvents(suite.services.bus, ...mergesAndUnmerge(cases, [persons[0], persons[1], persons[2], persons[3]]));
      expect(await check()).toEqual({});
      expect(await expectSameAsReference()).toBeGreaterThan(100);
    }
    // The caseloads met breaches, before and after an assessment; open and closed states; open states of the current month, before now and after it; states from a month's first instant.
    const [met] = await suite.dataSource.query(
      `SELECT count(*) FILTER (WHERE cardinality(breached_rules) > 0)::int AS breached, count(*) FILTER (WHERE to_at IS NULL)::int AS open, count(*) FILTER (WHERE to_at IS NOT NULL)::int AS closed,
         count(*) FILTER (WHERE to_at IS NULL AND greatest(from_at, starts_at) >= date_trunc('month', now() AT TIME ZONE $1) AT TIME ZONE $1 AND greatest(from_at, starts_at) < now())::int AS "openThisMonth",
         count(*) FILTER (WHERE greatest(from_at, starts_at) > now())::int AS later,
         count(*) FILTER (WHERE greatest(from_at, starts_at) = date_trunc('month', greatest(from_at, starts_at) AT TIME ZONE $1) AT TIME ZONE $1)::int AS "fromMonthStart"
       FROM probation_case_states`,
      [suite.jurisdiction.timeZone],
    );
    expect(Object.entries(met).filter(([, count]) => Number(count) === 0)).toEqual([]);
    const order = 'ORDER BY measure, month, region, category, sex, age_band, juvenile, days';
    const held = await suite.dataSource.query(`SELECT * FROM probation_counts WHERE amount <> 0 ${order}`);
    const stocksHeld = await suite.dataSource.query(`SELECT * FROM probation_stocks WHERE cases <> 0 ORDER BY ${STOCKS_KEY.join(', ')}`);
    const rebuilt = await rebuildAggregates(suite.dataSource.manager, { timeZone: suite.jurisdiction.timeZone, parts: ['probation'] });
    expect(rebuilt.rows.probation_stream_events).toBeGreaterThan(100);
    expect(rebuilt.rows.probation_case_states).toBeGreaterThan(100);
    expect(rebuilt.rows.probation_stocks).toBeGreaterThan(100);
    expect(rebuilt.rows.probation_supervision).toBeGreaterThan(100);
    expect(await suite.dataSource.query(`SELECT * FROM probation_counts ${order}`)).toEqual(held);
    expect(await suite.dataSource.query(`SELECT * FROM probation_stocks ORDER BY ${STOCKS_KEY.join(', ')}`)).toEqual(stocksHeld);
  }, 480_000);

  it('finds an entry or a cell that disagrees with the facts, and a rebuild puts it right', async () => {
    await suite.dataSource.query(`UPDATE probation_counts SET amount = amount + 1 WHERE ctid = (SELECT ctid FROM probation_counts WHERE amount > 0 LIMIT 1)`);
    await suite.dataSource.query(`DELETE FROM probation_stream_events WHERE ctid = (SELECT ctid FROM probation_stream_events LIMIT 1)`);
    await suite.dataSource.query(`UPDATE probation_case_states SET office = 'elsewhere' WHERE ctid = (SELECT ctid FROM probation_case_states LIMIT 1)`);
    await suite.dataSource.query(`UPDATE probation_stocks SET cases = cases + 1 WHERE ctid = (SELECT ctid FROM probation_stocks WHERE cases > 0 LIMIT 1)`);
    await suite.dataSource.query(`UPDATE probation_officer_stocks SET cases = cases + 1 WHERE ctid = (SELECT ctid FROM probation_officer_stocks WHERE cases > 0 LIMIT 1)`);
    await suite.dataSource.query(`UPDATE probation_supervision SET seconds = seconds + 1 WHERE ctid = (SELECT ctid FROM probation_supervision WHERE seconds <> 0 LIMIT 1)`);
    expect(await check()).toEqual({ probation_counts: 2, probation_stream_events: 1, probation_case_states: 2, probation_stocks: 2, probation_officer_stocks: 2, probation_supervision: 2 });
    await rebuildAggregates(suite.dataSource.manager, { timeZone: suite.jurisdiction.timeZone, parts: ['probation'] });
    expect(await check()).toEqual({});
  });
});
