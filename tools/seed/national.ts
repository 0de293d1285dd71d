/**
 * National-scale event histories for load and analytics benchmarks (`npm run seed -- --direct`):
 * the caseload model of generate.ts, written straight out as the CloudEvents the services would
 * publish for it (case.registered, person.added / person.removed, step.recorded, step.corrected,
 * deadline.breached, and the probation journal's probation-entry.recorded: probation.ts), without
 * going through their APIs. Some indictments are followed by a pre-sentence report request step
 * for an accused (women and juveniles mostly), which opens a report in the probation journal.
 *
 * Streamed: the country is generated in blocks of `blockSize` cases, each a caseload of its own
 * over the whole year (its seed derived from the seed and the block's index), turned into events
 * and handed out before the next block is generated, so memory stays bounded by one block
 * whatever the size. Pure and deterministic: the same options give the same events, ids and
 * all; ids are UUID-shaped counters under the seed and block, not random.
 */
import {
  CaseRegistered, CaseRegisteredV1, CloudEvent, DeadlineBreached, DeadlineBreachedV1, EventDefinition, PersonAddedToCase, PersonAddedToCaseV1, PersonRemovedFromCase,
  PersonRemovedFromCaseV1, ProbationEntryRecorded, ProbationEntryRecordedV1, ProbationStream, StepCorrected, StepCorrectedV1, StepRecorded, StepRecordedV1,
} from '@icjims/contracts';
import type { Jurisdiction } from '@icjims/jurisdiction';
import { statisticalCategories } from '../../apps/case-registry/src/persons/person-rules';
import { DeadlineRule, DeadlineStep, deadlinesOf, deadlineStatus } from '../../apps/procedural-steps/src/deadlines/deadline-rules';
import { rulesOfPack } from '../../apps/procedural-steps/src/deadlines/pack-deadline-rules';
import { correctionToDetails } from '../../apps/procedural-steps/src/legal-order/correction-codec';
import { REPORT_REQUEST_STEP, reportIdOf } from '../../apps/probation/src/pre-sentence-reports/pre-sentence-report-intake';
import { Caseload, generateCaseload, PersonFacts, SeedCase, SeedStep } from './generate';
import { NATIONAL_SENTENCES } from './profile';
import { asksReport, probationCaseJournal, ProbationPlaces, reportJournal, reportRequestDetails, SeedEntry, SentenceRecord } from './probation';
import { Random } from './random';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The national profile: busy first-instance courts adjourn more (3 to 12 hearings before a
 * verdict), and journals run on for a year after the year of registration, so that a case
 * averages about ten steps (1 million cases ≈ 10 million steps); sentences supervised in the
 * community are fewer than in the seed's default (NATIONAL_SENTENCES): one case in twenty opens
 * a probation case.
 */
export const NATIONAL_PROFILE = { hearings: [3, 12] as const, horizonDays: 365, blockSize: 10_000, sentences: NATIONAL_SENTENCES };

export interface NationalOptions {
  seed: number;
  /** Cases registered in the year, over all blocks (split-off cases come on top). */
  cases: number;
  year: number;
  /** Nothing happens after it; with a year whose horizon has passed, the history does not depend on it. */
  now: Date;
  jurisdiction: Jurisdiction;
  /** Cases generated at once (default NATIONAL_PROFILE.blockSize). */
  blockSize?: number;
  /** Called as each block's caseload has been generated, before its events are handed out. */
  onBlock?: (index: number, caseload: Caseload) => void;
}

/** What `nationalHistory` handed out, for the summary line. */
export interface HistoryCounts {
  blocks: number;
  cases: number;
  events: number;
  byType: Record<string, number>;
}

/** The third group of an id: the version nibble 4, then the kind of thing. */
const ID_KINDS = { case: '4001', person: '4002', step: '4003', event: '4004', deadline: '4005', probation: '4006', entry: '4007' } as const;

/** A UUID-shaped id (version 4 and variant nibbles set) from the seed, the block, a kind and a counter: unique and reproducible. */
export class Ids {
  private readonly prefix: string;

  constructor(seed: number, block: number) {
    this.prefix = `${(seed >>> 0).toString(16).padStart(8, '0')}-${block.toString(16).padStart(4, '0')}`;
  }

  of(kind: keyof typeof ID_KINDS, index: number): string {
    return `${this.prefix}-${ID_KINDS[kind]}-8000-${index.toString(16).padStart(12, '0')}`;
  }
}

/** The seed of block `index`: one generator per block, so that a block never depends on the size of the ones before it. */
export function blockSeed(seed: number, index: number): number {
  return Math.floor(Random.of(`national ${seed} ${index}`).next() * 2 ** 32);
}

/** The country's events, block after block; within a block in order of time (each case's in its order). */
export function* nationalHistory(options: NationalOptions, counts?: HistoryCounts): Generator<CloudEvent<unknown>> {
  const blockSize = options.blockSize ?? NATIONAL_PROFILE.blockSize;
  const rules = rulesOfPack(options.jurisdiction.pack);
  const places = new ProbationPlaces(options.jurisdiction);
  const numbers = new Map<string, number>();
  for (let block = 0, done = 0; done < options.cases; block += 1) {
    const size = Math.min(blockSize, options.cases - done);
    done += size;
    const caseload = generateCaseload({
      seed: blockSeed(options.seed, block),
      cases: size,
      year: options.year,
      now: options.now,
      jurisdiction: options.jurisdiction,
      hearings: NATIONAL_PROFILE.hearings,
      horizonDays: NATIONAL_PROFILE.horizonDays,
      sentences: NATIONAL_PROFILE.sentences,
    });
    options.onBlock?.(block, caseload);
    const events = new BlockEvents(caseload, new Ids(options.seed, block), options.jurisdiction, rules, numbers, places).all();
    if (counts) {
      counts.blocks += 1;
      counts.cases += caseload.cases.length;
      counts.events += events.length;
      for (const event of events) counts.byType[event.type] = (counts.byType[event.type] ?? 0) + 1;
    }
    yield* events;
  }
}

/** The person facts case-registry keeps, from the seed's (absent is null). */
function registryFacts(facts: PersonFacts) {
  return {
    ...facts,
    nationalId: facts.nationalId ?? null,
    dateOfBirth: facts.dateOfBirth ?? null,
    citizenship: facts.citizenship ?? null,
    disability: facts.disability ?? null,
    address: null,
  };
}

interface Timed {
  at: number;
  order: number;
  event: CloudEvent<unknown>;
}

/** One block's caseload as events. */
class BlockEvents {
  private readonly out: Timed[] = [];
  private readonly caseIds = new Map<string, string>();
  private readonly personIds = new Map<string, string>();
  private readonly facts = new Map<string, PersonFacts>();
  private readonly byKey = new Map<string, SeedCase>();
  /** When each case came into being: its registration, or the split that made it. */
  private readonly createdAt = new Map<string, number>();
  /** When a joined case was joined into another. */
  private readonly joinedAt = new Map<string, number>();
  private steps = 0;
  private deadlines = 0;
  private probations = 0;
  private probationEntries = 0;

  constructor(
    private readonly caseload: Caseload,
    private readonly ids: Ids,
    private readonly jurisdiction: Jurisdiction,
    private readonly rules: DeadlineRule[],
    private readonly numbers: Map<string, number>,
    private readonly places: ProbationPlaces,
  ) {
    caseload.cases.forEach((seedCase, index) => {
      this.caseIds.set(seedCase.key, ids.of('case', index));
      this.byKey.set(seedCase.key, seedCase);
    });
    caseload.persons.forEach((person, index) => {
      this.personIds.set(person.key, ids.of('person', index));
      this.facts.set(person.key, person.facts);
    });
    // A split is made a day after the source case's registration (the seed leaves its time to the services).
    for (const seedCase of caseload.cases) {
      const source = seedCase.splitFrom ? this.byKey.get(seedCase.splitFrom) : undefined;
      this.createdAt.set(seedCase.key, source ? Date.parse(source.registeredAt as string) + DAY : Date.parse(seedCase.registeredAt as string));
    }
    // A join is made an hour after both cases exist and the joined one's last step.
    for (const seedCase of caseload.cases) {
      if (!seedCase.joinedInto) continue;
      const last = Math.max(...seedCase.steps.filter((step) => step.occurredAt).map((step) => Date.parse(step.occurredAt as string)));
      this.joinedAt.set(seedCase.key, Math.max(last, this.createdAt.get(seedCase.joinedInto) as number) + HOUR);
    }
  }

  all(): CloudEvent<unknown>[] {
    for (const seedCase of this.caseload.cases) this.ofCase(seedCase);
    return this.out.sort((a, b) => a.at - b.at || a.order - b.order).map((timed) => timed.event);
  }

  /** `subject`: the case's id unless another is given (a probation stream's). */
  private emit<T extends object>(definition: EventDefinition<T>, caseKey: string, at: number, data: T, subject?: string): void {
    const order = this.out.length;
    const event: CloudEvent<T> = {
      specversion: '1.0',
      id: this.ids.of('event', order),
      source: `/icjims/${definition.service}`,
      type: definition.type,
      subject: subject ?? (this.caseIds.get(caseKey) as string),
      time: new Date(at).toISOString(),
      datacontenttype: 'application/json',
      correlationid: `seed-direct-${this.caseload.seed}`,
      data,
    };
    this.out.push({ at, order, event });
  }

  private ofCase(seedCase: SeedCase): void {
    const caseId = this.caseIds.get(seedCase.key) as string;
    const region = seedCase.region;
    const created = this.createdAt.get(seedCase.key) as number;
    const offence = this.jurisdiction.offence(seedCase.offenceArticle);
    if (!offence) throw new Error(`the pack has no article ${seedCase.offenceArticle}`);
    const number = (this.numbers.get(region) ?? 0) + 1;
    this.numbers.set(region, number);
    const registered: CaseRegisteredV1 = {
      caseId,
      caseNumber: this.jurisdiction.caseNumber(region, this.caseload.year, number),
      region,
      district: seedCase.district,
      agency: seedCase.agency,
      source: seedCase.source as CaseRegisteredV1['source'],
      offence: { article: offence.article, iccsCode: offence.iccsCode, severity: offence.severity },
      receivedAt: seedCase.receivedAt,
      registeredAt: new Date(created).toISOString(),
      registeredLate: this.jurisdiction.recordedLate('registration', new Date(seedCase.receivedAt), new Date(created)),
      registeredBy: 'seed-direct',
      ...(seedCase.splitFrom ? { splitFromCaseId: this.caseIds.get(seedCase.splitFrom) } : {}),
    };
    this.emit(CaseRegistered, seedCase.key, created, registered);

    const offenceAt = new Date(seedCase.offenceCommittedAt ?? seedCase.receivedAt);
    seedCase.roles.forEach((role, index) => {
      const personId = this.personIds.get(role.personKey) as string;
      const at = role.via === 'join' ? (this.joinedAt.get(this.joinedFrom(seedCase, role.personKey)) as number) : created + (index + 1) * MINUTE;
      const added: PersonAddedToCaseV1 = {
        caseId,
        region,
        personId,
        role: role.role,
        ...statisticalCategories(registryFacts(this.facts.get(role.personKey) as PersonFacts), offenceAt, this.jurisdiction),
        ...(role.via === 'split' && seedCase.splitFrom ? { splitFromCaseId: this.caseIds.get(seedCase.splitFrom) } : {}),
      };
      this.emit(PersonAddedToCase, seedCase.key, at, added);
      if (role.movedTo) {
        const removed: PersonRemovedFromCaseV1 = { caseId, region, personId, role: role.role, reason: 'split', toCaseId: this.caseIds.get(role.movedTo) };
        this.emit(PersonRemovedFromCase, seedCase.key, this.createdAt.get(role.movedTo) as number, removed);
      }
    });
    this.journal(seedCase, caseId, created);
  }

  /** The case a role gained by a join came from: the joined case that held it. */
  private joinedFrom(into: SeedCase, personKey: string): string {
    const joined = this.caseload.cases.find((candidate) => candidate.joinedInto === into.key && candidate.roles.some((role) => role.personKey === personKey));
    if (!joined) throw new Error(`no joined case of ${into.key} holds ${personKey}`);
    return joined.key;
  }

  private journal(seedCase: SeedCase, caseId: string, created: number): void {
    const region = seedCase.region;
    const stepIds = new Map<string, string>();
    const effective = new Map<string, DeadlineStep>();
    /** The sentences recorded, with their corrections, and the pre-sentence report requests: what the probation journal follows. */
    const sentences = new Map<string, SentenceRecord>();
    const requests: { step: StepRecordedV1; recordedAt: number }[] = [];
    let sequence = 0;
    seedCase.steps.forEach((step) => {
      const stepId = this.ids.of('step', this.steps++);
      stepIds.set(step.key, stepId);
      const occurredAt = this.occurredAt(seedCase, step, created);
      const recordedAt = Math.max(occurredAt, created) + 5 * MINUTE;
      const personId = step.personKey ? this.personIds.get(step.personKey) : undefined;
      const correction = step.correction;
      const details = correction
        ? correctionToDetails(
            correction.action === 'annul'
              ? { correctsStepId: stepIds.get(correction.correctsStepKey) as string, action: 'annul', reason: correction.reason }
              : { correctsStepId: stepIds.get(correction.correctsStepKey) as string, action: 'amend', reason: correction.reason, details: correction.details ?? {} },
          )
        : step.stepType === 'case_joined'
          ? { intoCaseId: this.caseIds.get(seedCase.joinedInto as string) as string }
          : (step.details ?? {});
      const recorded: StepRecordedV1 = {
        stepId,
        caseId,
        region,
        sequence: (sequence += 1),
        stepType: step.stepType,
        occurredAt: new Date(occurredAt).toISOString(),
        recordedAt: new Date(recordedAt).toISOString(),
        recordedBy: step.system ? 'procedural-steps' : 'seed-direct',
        ...(personId ? { personId } : {}),
        details,
        ...(correction ? { correctsStepId: stepIds.get(correction.correctsStepKey) } : {}),
      };
      this.emit(StepRecorded, seedCase.key, recordedAt, recorded);
      if (!correction) {
        effective.set(stepId, { stepId, stepType: step.stepType, occurredAt: new Date(occurredAt), ...(personId ? { personId } : {}), details: recorded.details });
        if (step.stepType === 'sentence') sentences.set(stepId, { step: recorded, recordedAt, corrections: [] });
        if (step.stepType === 'indictment') {
          for (const request of this.reportRequests(seedCase, recorded, occurredAt, recordedAt, () => (sequence += 1))) {
            this.emit(StepRecorded, seedCase.key, Date.parse(request.recordedAt), request);
            effective.set(request.stepId, { stepId: request.stepId, stepType: request.stepType, occurredAt: new Date(request.occurredAt), personId: request.personId, details: request.details });
            requests.push({ step: request, recordedAt: Date.parse(request.recordedAt) });
          }
        }
        return;
      }
      const correctedStepId = stepIds.get(correction.correctsStepKey) as string;
      const corrected = effective.get(correctedStepId) as DeadlineStep;
      if (correction.action === 'annul') effective.delete(correctedStepId);
      else effective.set(correctedStepId, { ...corrected, details: correction.details ?? {} });
      sentences.get(correctedStepId)?.corrections.push({ stepId, recordedAt, action: correction.action, ...(correction.details && { details: correction.details }) });
      const data: StepCorrectedV1 = {
        caseId,
        region,
        correctionStepId: stepId,
        correctedStepId,
        stepType: corrected.stepType,
        action: correction.action,
        ...(correction.action === 'amend'
          ? { standsAs: { occurredAt: corrected.occurredAt.toISOString(), ...(corrected.personId ? { personId: corrected.personId } : {}), details: correction.details ?? {} } }
          : {}),
      };
      this.emit(StepCorrected, seedCase.key, recordedAt, data);
    });
    this.breaches(seedCase, caseId, [...effective.values()]);
    const place = { region, district: seedCase.district };
    const asOf = Date.parse(this.caseload.asOf);
    for (const sentence of sentences.values()) {
      this.probationJournal(seedCase, 'probation_case', this.ids.of('probation', this.probations++), sentence.step, probationCaseJournal(sentence, place, this.places, asOf));
    }
    for (const { step, recordedAt } of requests) {
      const request = step as StepRecordedV1 & { details: { dueOn: string; requestedBy: string } };
      this.probationJournal(seedCase, 'pre_sentence_report', reportIdOf(step.stepId), step, reportJournal(request, recordedAt, place, this.places, asOf));
    }
  }

  /**
   * The pre-sentence reports asked for right after an indictment: on each accused (a person with a
   * verdict in the case), women and juveniles mostly; each a person-level request step, numbered
   * next in the journal.
   */
  private reportRequests(seedCase: SeedCase, indictment: StepRecordedV1, occurredAt: number, recordedAt: number, nextSequence: () => number): StepRecordedV1[] {
    const accused = [...new Set(seedCase.steps.filter((step) => step.stepType === 'verdict' && step.personKey).map((step) => step.personKey as string))];
    const offenceAt = new Date(seedCase.offenceCommittedAt ?? seedCase.receivedAt);
    const requests: StepRecordedV1[] = [];
    for (const personKey of accused) {
      const facts = this.facts.get(personKey) as PersonFacts;
      const protectedPerson = facts.sex === 'female' || statisticalCategories(registryFacts(facts), offenceAt, this.jurisdiction).juvenile;
      if (!asksReport(`${indictment.stepId} ${personKey}`, protectedPerson)) continue;
      const stepId = this.ids.of('step', this.steps++);
      const at = occurredAt + (requests.length + 1) * HOUR;
      requests.push({
        stepId,
        caseId: indictment.caseId,
        region: indictment.region,
        sequence: nextSequence(),
        stepType: REPORT_REQUEST_STEP,
        occurredAt: new Date(at).toISOString(),
        recordedAt: new Date(Math.max(at, recordedAt) + 5 * MINUTE).toISOString(),
        recordedBy: 'seed-direct',
        personId: this.personIds.get(personKey) as string,
        details: reportRequestDetails(stepId, at, this.places),
      });
    }
    return requests;
  }

  /** A probation stream's entries as the probation service publishes them, keyed (subject) by the stream. */
  private probationJournal(seedCase: SeedCase, stream: ProbationStream, streamId: string, source: Pick<StepRecordedV1, 'caseId' | 'region' | 'personId'>, entries: SeedEntry[]): void {
    entries.forEach((entry, index) => {
      const at = new Date(entry.at).toISOString();
      const data: ProbationEntryRecordedV1 = {
        entryId: this.ids.of('entry', this.probationEntries++),
        stream,
        streamId,
        sequence: index + 1,
        entryType: entry.entryType,
        caseId: source.caseId,
        region: source.region,
        ...(entry.office && { office: entry.office }),
        ...(source.personId && { personId: source.personId }),
        occurredAt: at,
        recordedAt: at,
        recordedBy: 'seed-direct',
        status: entry.status,
        details: entry.details as unknown as Record<string, unknown>,
      };
      this.emit(ProbationEntryRecorded, seedCase.key, entry.at, data, streamId);
    });
  }

  /** System steps happen when the seeding makes them: the registration at the case's creation, a join at the join. */
  private occurredAt(seedCase: SeedCase, step: SeedStep, created: number): number {
    if (step.stepType === 'registration' && step.system) return created;
    if (step.stepType === 'case_joined' && step.system) return this.joinedAt.get(seedCase.key) as number;
    return Date.parse(step.occurredAt as string);
  }

  /** The pack's deadline rules over the effective journal: each clock past its due time by the end of the history is a breach, announced at its due time. */
  private breaches(seedCase: SeedCase, caseId: string, steps: DeadlineStep[]): void {
    if (!steps.some((step) => this.rules.some((rule) => rule.startsWith.some((match) => match.stepType === step.stepType)))) return;
    const asOf = new Date(this.caseload.asOf);
    for (const deadline of deadlinesOf(this.rules, steps, this.jurisdiction.timeZone)) {
      if (deadlineStatus(deadline, asOf) !== 'breached') continue;
      const breach: DeadlineBreachedV1 = {
        deadlineId: this.ids.of('deadline', this.deadlines++),
        caseId,
        region: seedCase.region,
        rule: deadline.rule.code,
        legalReference: deadline.rule.legalReference,
        ...(deadline.personId ? { personId: deadline.personId } : {}),
        startStepId: deadline.startStepId,
        startedAt: deadline.startedAt.toISOString(),
        dueAt: deadline.dueAt.toISOString(),
        breachedAt: deadline.dueAt.toISOString(),
      };
      this.emit(DeadlineBreached, seedCase.key, deadline.dueAt.getTime(), breach);
    }
  }
}
