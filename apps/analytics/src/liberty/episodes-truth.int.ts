import { randomUUID } from 'node:crypto';
import { CaseRegisteredV1, CloudEvent, StepRecordedV1 } from '@icjims/contracts';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { http, publishEvents, RunningServices, stepCorrection } from '@icjims/testing';
import { seededRandom } from '../aggregates/aggregates.fixtures';
import { caseRegistered, personAdded, startAnalytics, stepRecorded } from '../analytics.fixtures';
import { EXACT_FOR_NATIONAL_VARIABLE } from '../disclosure/disclosure-policy';
import { StatisticalTable, TOTAL } from '../tables/statistical-table';

/**
 * An independent calculation of the episode-based liberty figures: a generated set of journals
 * (detentions, custody, releases, measures changed, verdicts, sentences, terminated cases,
 * annulled steps) goes through the real stack, and the median and 90th percentile of pre-trial
 * detention and the share of unsentenced detainees are worked out here, in plain code from the
 * generated journals, month by month — then compared cell by cell.
 */

const REGION = 'KG-J';
const YEAR = 2016;
const DAY = 86_400_000;
const kg = loadJurisdiction({ ICJIMS_JURISDICTION: 'KG' });

type Action = 'detention' | 'custody' | 'release' | 'lift_custody' | 'to_house_arrest' | 'verdict' | 'sentence';

interface PersonStep {
  action: Action;
  at: number;
  termMonths?: number;
  annulled: boolean;
}

interface Journal {
  registered: CloudEvent<CaseRegisteredV1>;
  persons: { personId: string; sex: 'female' | 'male'; steps: PersonStep[] }[];
  terminatedAt?: number;
}

/** Journals the legal order would accept: a detention or custody only when free, a release only when held, a verdict ends the pre-trial stage. */
function generate(next: () => number, cases: number): Journal[] {
  const pick = <T>(options: readonly T[]) => options[Math.floor(next() * options.length)];
  return Array.from({ length: cases }, () => {
    const registered = caseRegistered({ region: REGION }, `${YEAR - 1}-12-01T00:00:00Z`);
    const opened = Date.UTC(YEAR, 0, 1, 6) + Math.floor(next() * 200) * DAY;
    const persons = Array.from({ length: 1 + Math.floor(next() * 3) }, () => {
      const steps: PersonStep[] = [];
      let at = opened + Math.floor(next() * 20) * DAY;
      let state: 'free' | 'detained' | 'custody' | 'judged' = 'free';
      for (let i = 0; i < 6 && state !== 'judged'; i++) {
        const action: Action =
          state === 'free' ? pick(['detention', 'detention', 'custody', 'verdict'] as const)
          : state === 'detained' ? pick(['release', 'custody', 'custody'] as const)
          : pick(['release', 'lift_custody', 'to_house_arrest', 'verdict'] as const);
        at += (state === 'detained' ? 1 + Math.floor(next() * 2) : 1 + Math.floor(next() * 60)) * DAY;
        steps.push({ action, at, annulled: next() < 0.08 });
        state = action === 'detention' ? 'detained' : action === 'custody' ? 'custody' : action === 'verdict' ? 'judged' : 'free';
      }
      // Sentenced on a day of the month every month has, so that a term ends on the same day in both calendars' arithmetic.
      let sentenced = at + DAY;
      while (Number(kg.localDate(new Date(sentenced)).slice(8)) > 28) sentenced += DAY;
      if (state === 'judged' && next() < 0.6) steps.push({ action: 'sentence', at: sentenced, termMonths: 1 + Math.floor(next() * 12), annulled: false });
      // Now and then a detention after the verdict (on a new suspicion): not pre-trial in this case.
      if (state === 'judged' && next() < 0.2) steps.push({ action: 'detention', at: at + 2 * DAY, annulled: false }, { action: 'release', at: at + 4 * DAY, annulled: false });
      return { personId: randomUUID(), sex: pick(['female', 'male'] as const), steps };
    });
    // A quarter of the cases are terminated at some point: nothing after it, every episode open then ends.
    const last = Math.max(...persons.flatMap((person) => person.steps.map((step) => step.at)), opened);
    const terminatedAt = next() < 0.25 ? opened + Math.floor((next() * (last - opened)) / DAY) * DAY + 3_600_000 : undefined;
    if (terminatedAt !== undefined) for (const person of persons) person.steps = person.steps.filter((step) => step.at < terminatedAt);
    return { registered, persons, terminatedAt };
  });
}

/** The events of a journal: the case, its persons, their steps, the termination; the annulments come after. */
function eventsOf(journal: Journal): { recorded: CloudEvent<unknown>[]; annulments: CloudEvent<unknown>[] } {
  const { caseId } = journal.registered.data;
  const recorded: CloudEvent<unknown>[] = [journal.registered];
  const annulments: CloudEvent<unknown>[] = [];
  const record = (personId: string | undefined, stepType: string, at: number, details: StepRecordedV1['details']) =>
    stepRecorded({ caseId, region: REGION, personId, stepType, occurredAt: new Date(at).toISOString(), recordedAt: new Date(at + 300_000).toISOString(), details });
  for (const person of journal.persons) {
    recorded.push(personAdded({ caseId, region: REGION, personId: person.personId, sex: person.sex }, `${YEAR - 1}-12-02T00:00:00Z`));
    for (const step of person.steps) {
      const event = {
        detention: () => record(person.personId, 'detention', step.at, {}),
        custody: () => record(person.personId, 'preventive_measure_applied', step.at, { measure: 'custody' }),
        release: () => record(person.personId, 'release_from_detention', step.at, {}),
        lift_custody: () => record(person.personId, 'preventive_measure_lifted', step.at, { measure: 'custody' }),
        to_house_arrest: () => record(person.personId, 'preventive_measure_changed', step.at, { measure: 'custody', newMeasure: 'house_arrest' }),
        verdict: () => record(person.personId, 'verdict', step.at, { outcome: 'conviction' }),
        sentence: () => record(person.personId, 'sentence', step.at, { sentenceType: 'imprisonment', termMonths: step.termMonths! }),
      }[step.action]();
      recorded.push(event);
      if (step.annulled) annulments.push(...stepCorrection(event.data, { action: 'annul' }));
    }
  }
  if (journal.terminatedAt !== undefined) recorded.push(record(undefined, 'proceedings_terminated', journal.terminatedAt, { ground: 'no_crime' }));
  return { recorded, annulments };
}

interface Episode {
  personKey: string;
  sex: string;
  started: number;
  ended?: number;
}

const STARTS: readonly Action[] = ['detention', 'custody'];
const STOPS: readonly Action[] = ['release', 'lift_custody', 'to_house_arrest', 'verdict'];

/** The episodes as docs/indicators.md defines them, walked step by step from the journals' steps (the annulled ones left out, unless `beforeAnnulments`). */
function episodesOf(journals: readonly Journal[], beforeAnnulments = false): Episode[] {
  const episodes: Episode[] = [];
  for (const journal of journals) {
    for (const person of journal.persons) {
      const steps = person.steps.filter((step) => beforeAnnulments || !step.annulled);
      const firstVerdict = steps.find((step) => step.action === 'verdict')?.at ?? Infinity;
      const marks = [
        ...steps.filter((step) => STARTS.includes(step.action)).map((step) => ({ at: step.at, start: true })),
        ...steps.filter((step) => STOPS.includes(step.action)).map((step) => ({ at: step.at, start: false })),
        ...(journal.terminatedAt === undefined ? [] : [{ at: journal.terminatedAt, start: false }]),
      ].sort((a, b) => a.at - b.at || Number(b.start) - Number(a.start));
      let open: Episode | undefined;
      for (const mark of marks) {
        if (mark.start && !open && mark.at < firstVerdict) {
          open = { personKey: `${journal.registered.data.caseId}/${person.personId}`, sex: person.sex, started: mark.at };
          episodes.push(open);
        } else if (!mark.start && open) {
          open.ended = mark.at;
          open = undefined;
        }
      }
    }
  }
  return episodes;
}

/** An episode's length in whole days (version 2 of the length quantiles): a termination at 07:00 of a detention at 06:00 days earlier does not count its hour. */
function lengthInDays(episode: { started: number; ended?: number }): number {
  return Math.floor((episode.ended! - episode.started) / DAY);
}

function percentile(values: readonly number[], quantile: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = quantile * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
}

describe('liberty indicators against an independent calculation', () => {
  let services: RunningServices;
  let base: string;
  let national: string;

  beforeAll(async () => {
    services = await startAnalytics({ [EXACT_FOR_NATIONAL_VARIABLE]: 'true' });
    base = `${services.urls.analytics}/api/v1`;
    national = await services.tokenFor('analyst');
  });
  afterAll(() => services?.stop());

  const cellsOf = async (path: string) => {
    const response = await http<StatisticalTable>('GET', `${base}/indicators/${path}`, { token: national });
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return Object.fromEntries(response.body.cells.map((cell) => [cell.key.join('|'), cell.value ?? cell.suppression]));
  };

  it('gives the median and 90th percentile of pre-trial detention and the unsentenced share the generated journals give, month by month and by sex', async () => {
    const journals = generate(seededRandom(20_160_101), 40);
    const events = journals.map(eventsOf);
    await publishEvents(services.bus, ...events.flatMap((journal) => journal.recorded));
    await publishEvents(services.bus, ...events.flatMap((journal) => journal.annulments));

    const months = Array.from({ length: 12 }, (_unused, index) => `${YEAR}-${String(index + 1).padStart(2, '0')}`);
    const monthEnd = (month: string) => {
      const following = Number(month.slice(5)) === 12 ? `${YEAR + 1}-01` : `${YEAR}-${String(Number(month.slice(5)) + 1).padStart(2, '0')}`;
      return kg.zonedInstant(`${following}-01T00:00`).getTime();
    };
    const episodes = episodesOf(journals);
    expect(episodes.filter((episode) => episode.ended !== undefined).length).toBeGreaterThan(30);

    const range = `from=${YEAR}-01&to=${YEAR}-12&region=${REGION}`;
    for (const [code, quantile] of [['pre_trial_detention_length_median', 0.5], ['pre_trial_detention_length_p90', 0.9]] as const) {
      const published = await cellsOf(`${code}/table?${range}&by=sex`);
      for (const month of months) {
        for (const sex of ['female', 'male', TOTAL]) {
          const lengths = episodes
            .filter((episode) => episode.ended !== undefined && kg.localMonth(new Date(episode.ended)) === month && (sex === TOTAL || episode.sex === sex))
            .map(lengthInDays);
          const cell = published[`${month}|${sex}`];
          if (!lengths.length) expect([code, month, sex, cell]).toEqual([code, month, sex, 'small-denominator']);
          else expect([code, month, sex, Math.abs((cell as number) - percentile(lengths, quantile)) <= 0.051]).toEqual([code, month, sex, true]);
        }
      }
    }

    // As it stood before the annulments (made now): every step counts.
    const before = await cellsOf(`pre_trial_detention_length_median/table?${range}&asOf=${YEAR + 2}-01-01T00:00:00Z`);
    const unannulled = episodesOf(journals, true);
    for (const month of months) {
      const lengths = unannulled.filter((episode) => episode.ended !== undefined && kg.localMonth(new Date(episode.ended)) === month).map(lengthInDays);
      if (!lengths.length) expect([month, before[month]]).toEqual([month, 'small-denominator']);
      else expect([month, Math.abs((before[month] as number) - percentile(lengths, 0.5)) <= 0.051]).toEqual([month, true]);
    }

    const share = await cellsOf(`unsentenced_detainee_share/table?${range}`);
    for (const month of months) {
      const end = monthEnd(month);
      const pretrial = new Set(episodes.filter((episode) => episode.started < end && (episode.ended === undefined || episode.ended >= end)).map((episode) => episode.personKey));
      const serving = new Set(
        journals.flatMap((journal) =>
          journal.persons
            .filter((person) =>
              person.steps.some((step) => step.action === 'sentence' && !step.annulled && step.at < end && kg.addInZone(new Date(step.at), { amount: step.termMonths!, unit: 'months' }).getTime() >= end),
            )
            .map((person) => `${journal.registered.data.caseId}/${person.personId}`),
        ),
      );
      const unsentenced = [...pretrial].filter((key) => !serving.has(key)).length;
      const held = new Set([...pretrial, ...serving]).size;
      expect([month, share[month]]).toEqual([month, held === 0 ? 'small-denominator' : Math.round((unsentenced / held) * 1000) / 10]);
    }
    // A thousand events, one transaction each: given time on a busy machine.
  }, 180_000);
});
