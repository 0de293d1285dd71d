import { randomUUID } from 'node:crypto';
import {
  CaseRegistered, CaseRegisteredV1, CloudEvent, PersonAddedToCase, PersonAddedToCaseV1, ProbationCaseAmended, ProbationCaseAmendedV1, ProbationCaseAnnulled, ProbationCaseAnnulledV1,
  ProbationCaseOpened, ProbationCaseOpenedV1, StepCorrected, StepCorrectedV1, StepRecorded, StepRecordedV1,
} from '@icjims/contracts';
import { cloudEvent, http, publishEvents, RunningServices, startServices } from '@icjims/testing';
import { analyticsService } from './analytics.service';
import type { StatisticalTable } from './tables/statistical-table';

/** Test fixtures: events as case-registry, procedural-steps and probation publish them (corrections of steps: stepCorrection). */

/** A suspect, a national of the pack's country, entered in a case at `time` (the event's time is when it happened). */
export function personAdded(data: Partial<PersonAddedToCaseV1> = {}, time = '2025-04-10T09:00:00Z'): CloudEvent<PersonAddedToCaseV1> {
  const caseId = data.caseId ?? randomUUID();
  return cloudEvent(
    PersonAddedToCase,
    caseId,
    { caseId, region: 'KG-GB', personId: randomUUID(), role: 'suspect', sex: 'male', ageBand: '25_34', juvenile: false, citizenshipGroup: 'national', ...data },
    { time },
  );
}

/** `time`: when case-registry announced it (now when not given). */
export function caseRegistered(data: Partial<CaseRegisteredV1> = {}, time?: string): CloudEvent<CaseRegisteredV1> {
  const caseId = randomUUID();
  return cloudEvent(CaseRegistered, caseId, {
    caseId,
    caseNumber: 'KG-GB-2025-000001',
    region: 'KG-GB',
    offence: { article: '209-1', iccsCode: '0701', severity: 'minor' },
    receivedAt: '2025-03-10T09:00:00Z',
    registeredAt: '2025-03-10T10:00:00Z',
    registeredBy: 'prosecutor-1',
    ...data,
  }, time === undefined ? {} : { time });
}

export function stepRecorded(data: Partial<StepRecordedV1> = {}): CloudEvent<StepRecordedV1> {
  const caseId = randomUUID();
  return cloudEvent(StepRecorded, caseId, {
    stepId: randomUUID(),
    caseId,
    region: 'KG-GB',
    sequence: 2,
    stepType: 'indictment',
    occurredAt: '2025-05-10T10:00:00Z',
    recordedAt: '2025-05-10T10:05:00Z',
    details: {},
    ...data,
  });
}

export function probationCaseOpened(data: Partial<ProbationCaseOpenedV1> = {}): CloudEvent<ProbationCaseOpenedV1> {
  const caseId = randomUUID();
  return cloudEvent(ProbationCaseOpened, caseId, {
    probationCaseId: randomUUID(),
    caseId,
    region: 'KG-GB',
    sourceStepId: randomUUID(),
    personId: randomUUID(),
    termMonths: 12,
    startsOn: '2025-08-15',
    openedAt: '2025-08-15T09:00:01Z',
    ...data,
  });
}

/** What probation says of every corrected probation case. */
function correctionOf(opened: ProbationCaseOpenedV1): Omit<ProbationCaseAnnulledV1, 'ground'> {
  const { probationCaseId, caseId, region, sourceStepId } = opened;
  return { probationCaseId, caseId, region, sourceStepId, correctionStepId: randomUUID() };
}

/** A probation case amended to start and end on other days. */
export function probationCaseAmended(opened: ProbationCaseOpenedV1, term: Pick<ProbationCaseAmendedV1, 'startsOn' | 'endsOn'>): CloudEvent<ProbationCaseAmendedV1> {
  const { personId, termMonths } = opened;
  return cloudEvent(ProbationCaseAmended, opened.caseId, { ...correctionOf(opened), personId, termMonths, ...term });
}

export function probationCaseAnnulled(opened: ProbationCaseOpenedV1, data: Partial<ProbationCaseAnnulledV1> = {}): CloudEvent<ProbationCaseAnnulledV1> {
  return cloudEvent(ProbationCaseAnnulled, opened.caseId, { ...correctionOf(opened), ground: 'sentence_annulled', ...data });
}

/**
 * Analytics on a database of its own, started with these settings in the environment (read once
 * at start), which are then put back as they were, so that other suites in the worker see theirs.
 */
export async function startAnalytics(settings: Record<string, string> = {}): Promise<RunningServices> {
  const before = Object.fromEntries(Object.keys(settings).map((name) => [name, process.env[name]]));
  Object.assign(process.env, settings);
  try {
    return await startServices([analyticsService]);
  } finally {
    for (const [name, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** A correction of `step` made at `time`: an amendment to `standsAs` when given (a person-level step names its person again), else an annulment. */
export function stepCorrected(step: StepRecordedV1, time: string, standsAs?: { occurredAt: string; personId?: string }): CloudEvent<StepCorrectedV1> {
  return cloudEvent(
    StepCorrected,
    step.caseId,
    { caseId: step.caseId, region: step.region, correctionStepId: randomUUID(), correctedStepId: step.stepId, stepType: step.stepType, action: standsAs ? 'amend' : 'annul', ...(standsAs && { standsAs: { ...standsAs, details: {} } }) },
    { time },
  );
}

/** An analytics service for one test suite, with what its table tests do again and again. */
export interface AnalyticsSuite {
  services: RunningServices;
  /** The API's base URL (…/api/v1). */
  base: string;
  /** A national analyst's token. */
  national: string;
  /** Delivers events to analytics over its bus, in order, and waits until they are processed. */
  deliver(...events: CloudEvent<unknown>[]): Promise<void>;
  /** GET /indicators/{path} (e.g. `persons_detained/table?from=…`) as `token` (default: national); anything but 200 throws. */
  table(path: string, token?: string): Promise<StatisticalTable>;
  /** A table's cells by key (`2026-03|KG-O`): the figure, or the reason it is withheld. */
  cellsOf(path: string, token?: string): Promise<Record<string, number | string | undefined>>;
}

/** A table's cells by key (`2026-03|KG-O`): the figure, or the reason it is withheld. */
export function cellsOfTable(published: StatisticalTable): Record<string, number | string | undefined> {
  return Object.fromEntries(published.cells.map((cell) => [cell.key.join('|'), cell.value ?? cell.suppression]));
}

/**
 * Starts analytics (with `settings`, as startAnalytics) before the suite's tests and stops it
 * after them. The suite's tests read the fields once it has started.
 */
export function useAnalytics(settings: Record<string, string> = {}): AnalyticsSuite {
  const table = async (path: string, token = suite.national): Promise<StatisticalTable> => {
    const response = await http<StatisticalTable>('GET', `${suite.base}/indicators/${path}`, { token });
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const suite: AnalyticsSuite = {
    services: undefined as never,
    base: '',
    national: '',
    deliver: (...events) => publishEvents(suite.services.bus, ...events),
    table,
    cellsOf: async (path, token) => cellsOfTable(await table(path, token)),
  };
  beforeAll(async () => {
    suite.services = await startAnalytics(settings);
    suite.base = `${suite.services.urls.analytics}/api/v1`;
    suite.national = await suite.services.tokenFor('analyst');
  });
  afterAll(() => suite.services?.stop());
  return suite;
}
