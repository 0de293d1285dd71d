/**
 * The probation journals of the national history (national.ts): for each sentence the pack's
 * probation case types open (`probation.caseTypes[].opensOn`, read by the probation service's own
 * intakeOf), the entries the probation service would record over the case's life — opened,
 * allocated to an office of the case's region and district and an officer there, the first
 * meeting scheduled and held, the supervision plan, contacts month by month (some missed, with a
 * reason of the pack), risk and needs assessments with their next due day, community work for
 * community-work orders, violations and the officer's responses, submissions to court and its
 * decisions (extension, revocation, early termination), absconding and being found, deadline
 * breaches (first meeting, initial assessment, reassessment), corrections of the sentence
 * (amended, annulled) and the end: completed when the term (or the hours) ran out, revoked,
 * terminated early, deceased. And the pre-sentence report a request step asks for: requested,
 * assigned, drafted section by section, submitted (on time or late).
 *
 * Pure and deterministic: each stream draws from a generator seeded by its source step's id
 * alone, so a stream never depends on another, and the caseload's own draws are untouched.
 * Nothing happens after the history's end (`asOf`).
 */
import type { PreSentenceReportStatus, ProbationCaseStatus, ProbationEntryDetails, ProbationEntryType } from '@icjims/contracts';
import { Jurisdiction, localDate, zonedInstant } from '@icjims/jurisdiction';
import { intakeOf, RecordedStep } from '../../apps/probation/src/domain/intake';
import { addMonths } from '../../apps/probation/src/domain/probation-rules';
import { Random } from './random';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Ranges of days (from, to) with their weights. */
type Spans = readonly (readonly [readonly [number, number], number])[];

/** How often things happen under supervision: rough shares, not statistics. */
export const PROBATION_PROFILE = {
  /** Days from intake to the first meeting (the pack's first_meeting term is 10): most within it. */
  firstMeetingDays: [[[1, 7], 70], [[8, 10], 18], [[11, 25], 12]] as Spans,
  /** Days from intake to the intake assessment (the pack's term is 30). */
  intakeAssessmentDays: [[[3, 25], 80], [[26, 30], 12], [[31, 60], 8]] as Spans,
  /** Days between contacts after the first meeting. */
  contactEveryDays: [25, 35] as const,
  contactKinds: { office_appointment: 70, home_visit: 15, phone: 15 } as Readonly<Record<string, number>>,
  missedShare: 0.1,
  missedReasons: { illness: 30, family_emergency: 15, work_emergency: 10, summoned_elsewhere: 5, no_reason: 40 } as Readonly<Record<string, number>>,
  /** An unexcused missed contact is recorded as a violation this often. */
  missedIsViolation: 0.6,
  /** Other violations, per month under supervision. */
  violationsPerMonth: 0.02,
  /** A reassessment later than its due day, this often. */
  lateReassessment: 0.12,
  abscondPerMonth: 0.0015,
  foundShare: 0.6,
  deceasedPerMonth: 0.0004,
  /** Of the cases past half their term without a violation, asked to end early. */
  earlyTermination: 0.03,
  revocationGranted: 0.7,
  extensionGranted: 0.8,
  /** Community work: sessions of 4 to 8 hours every 4 to 10 days. */
  workSessionHours: [4, 8] as const,
  workEveryDays: [4, 10] as const,
  reallocation: 0.05,
  /** Officers of an office: 2 to 8, drawn from the office's code. */
  officersPerOffice: [2, 8] as const,
  /** Pre-sentence reports: asked for an accused woman or juvenile this often (the court must, CCP art. 280), for others rarely. */
  reportForProtected: 0.25,
  reportForOthers: 0.01,
  reportDueDays: 30,
  reportSubmittedDays: [[[12, 30], 85], [[31, 45], 15]] as Spans,
} as const;

/** One entry as the probation service records it (ProbationEntryRecordedV1 without its ids, which the caller gives). */
export interface SeedEntry<T extends ProbationEntryType = ProbationEntryType> {
  entryType: T;
  /** Instants (ms); the entry is recorded when it happens. */
  at: number;
  status: ProbationCaseStatus | PreSentenceReportStatus;
  office?: string;
  details: ProbationEntryDetails[T];
}

/** A sentencing step as the history records it, and the corrections of it after. */
export interface SentenceRecord {
  step: RecordedStep & { caseId: string; region: string };
  /** When the step was recorded (the intake's moment). */
  recordedAt: number;
  corrections: { stepId: string; recordedAt: number; action: 'annul' | 'amend'; details?: Record<string, unknown> }[];
}

/** Where a stream is supervised: the criminal case's region and district. */
export interface StreamPlace {
  region: string;
  district?: string;
}

/** YYYY-MM-DD plus whole days. */
function plusDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Days from one YYYY-MM-DD to another. */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
}

/** The probation offices and officers, and the pack's codes the journals use. */
export class ProbationPlaces {
  private readonly officers = new Map<string, number>();

  constructor(readonly jurisdiction: Jurisdiction) {}

  get pack() {
    return this.jurisdiction.pack.probation;
  }

  /** The office serving the district, else one of the region's offices; undefined when the region has none. */
  officeOf(place: StreamPlace, random: Random): string | undefined {
    const offices = this.pack.offices.filter((office) => office.region === place.region);
    if (!offices.length) return undefined;
    return (offices.find((office) => place.district !== undefined && office.districts.includes(place.district)) ?? random.pick(offices)).code;
  }

  /** One of the office's officers (their token subjects). */
  officerOf(office: string, random: Random): string {
    let count = this.officers.get(office);
    if (count === undefined) {
      count = Random.of(`officers ${office}`).int(...PROBATION_PROFILE.officersPerOffice);
      this.officers.set(office, count);
    }
    return `seed-officer-${office.toLowerCase()}-${random.int(1, count)}`;
  }

  /** A code of `list` by the weights (codes the pack lacks are left out; with none left, any of the pack's). */
  weighted(list: readonly { code: string }[], weights: Readonly<Record<string, number>>, random: Random): string {
    const known = list.filter((item) => weights[item.code] !== undefined).map((item) => [item.code, weights[item.code]] as const);
    return known.length ? random.weighted(known) : random.pick(list).code;
  }

  /** The pack's code when it has it, else its first of the list. */
  codeOr(list: readonly { code: string }[], code: string): string {
    return (list.find((item) => item.code === code) ?? list[0]).code;
  }
}

/** The day an instant falls on in the zone, and the instant of a local time of a day. */
class Clock {
  /** The offset from UTC of each day's noon, found once per day (the zone's rules are looked up slowly). */
  private static readonly offsets = new Map<string, number>();

  constructor(private readonly timeZone: string) {}

  day(at: number): string {
    return localDate(new Date(at), this.timeZone);
  }

  /** The local `hour`:`minute` of `day`, at the offset of its noon (a day's times of the seed are all on one side of a clock change but for a few). */
  at(day: string, hour: number, minute = 0): number {
    const key = `${this.timeZone} ${day}`;
    let offset = Clock.offsets.get(key);
    if (offset === undefined) {
      offset = Date.parse(`${day}T12:00:00Z`) - zonedInstant(`${day}T12:00`, this.timeZone).getTime();
      Clock.offsets.set(key, offset);
    }
    return Date.parse(`${day}T00:00:00Z`) + hour * HOUR + minute * MINUTE - offset;
  }
}

/** A violation waiting for the court, and what answered it. */
interface Submission {
  id: string;
  request: 'extension' | 'revocation' | 'early_termination';
  violationId?: string;
  decideAt: number;
}

/**
 * The journal of one probation case opened by `sentence` (none when the pack opens no case on it,
 * or when it was opened after the history's end), each entry at or after the one before.
 */
export function probationCaseJournal(sentence: SentenceRecord, place: StreamPlace, places: ProbationPlaces, asOf: number): SeedEntry[] {
  return new CaseLife(sentence, place, places, asOf).entries;
}

class CaseLife {
  readonly entries: SeedEntry[] = [];
  private readonly random: Random;
  private readonly clock: Clock;
  private readonly pack;
  private status: ProbationCaseStatus = 'active';
  private office?: string;
  private startsOn = '';
  private endsOn = '';
  private hoursOrdered = 0;
  private hoursWorked = 0;
  private violations = 0;
  /** The responses given so far: a response the pack lets follow only others (requiresEarlier) waits for one of them. */
  private readonly responsesGiven = new Set<string>();
  /** A submission to court awaiting its decision (the term does not complete meanwhile). */
  private pending?: Submission;
  private counter = 0;
  private last = 0;

  constructor(
    private readonly sentence: SentenceRecord,
    private readonly place: StreamPlace,
    private readonly places: ProbationPlaces,
    private readonly asOf: number,
  ) {
    this.random = Random.of(`probation ${sentence.step.stepId}`);
    this.clock = new Clock(places.jurisdiction.timeZone);
    this.pack = places.pack;
    this.live();
  }

  private get over(): boolean {
    return this.status !== 'active' && this.status !== 'absconded';
  }

  private add<T extends ProbationEntryType>(entryType: T, at: number, details: ProbationEntryDetails[T], status = this.status): void {
    this.status = status as ProbationCaseStatus;
    this.last = Math.max(this.last, at);
    this.entries.push({ entryType, at: this.last, status, ...(this.office && { office: this.office }), details });
  }

  private id(kind: string): string {
    this.counter += 1;
    return `${kind}-${this.sentence.step.stepId.slice(-12)}-${this.counter}`;
  }

  private live(): void {
    const { step, recordedAt, corrections } = this.sentence;
    const intake = intakeOf(step, this.pack, this.places.jurisdiction.timeZone);
    const openedAt = recordedAt + 2 * MINUTE;
    if (!('intake' in intake) || openedAt > this.asOf) return;
    const opened = intake.intake;
    this.startsOn = opened.startsOn;
    this.endsOn = opened.endsOn;
    this.hoursOrdered = opened.communityWorkHours ?? 0;
    this.add('opened', openedAt, {
      sourceStepId: opened.sourceStepId, caseType: opened.caseType, termMonths: opened.termMonths, startsOn: opened.startsOn, endsOn: opened.endsOn, obligations: [...opened.obligations],
      ...(opened.communityWorkHours !== undefined && { communityWorkHours: opened.communityWorkHours }),
    });
    const openedDay = this.clock.day(openedAt);

    // What is fixed in time from the start: corrections of the sentence, allocation, first meeting, intake assessment.
    type Agenda = { at: number; run: () => void };
    const agenda: Agenda[] = corrections.map((correction) => ({ at: correction.recordedAt + 2 * MINUTE, run: () => this.correct(correction) }));
    const allocatedAt = this.clock.at(plusDays(openedDay, this.random.int(0, 3)), this.random.int(9, 17));
    agenda.push({ at: allocatedAt, run: () => this.allocate('initial') });
    const meetingDay = plusDays(openedDay, this.random.int(...this.random.weighted(PROBATION_PROFILE.firstMeetingDays)));
    const meetingAt = Math.max(this.clock.at(meetingDay, this.random.int(9, 17)), allocatedAt + HOUR);
    agenda.push({ at: allocatedAt + 30 * MINUTE, run: () => this.add('contact_scheduled', allocatedAt + 30 * MINUTE, { contactId: this.id('contact'), contactKind: this.places.codeOr(this.pack.contactKinds, 'office_appointment'), scheduledFor: new Date(meetingAt).toISOString() }) });
    agenda.push({ at: meetingAt, run: () => this.firstMeeting(meetingAt) });
    this.breachIfLate(agenda, 'first_meeting', plusDays(openedDay, 10), meetingAt);
    const assessedAt = Math.max(this.clock.at(plusDays(openedDay, this.random.int(...this.random.weighted(PROBATION_PROFILE.intakeAssessmentDays))), this.random.int(9, 17)), allocatedAt + HOUR);
    agenda.push({ at: assessedAt, run: () => this.assess(agenda, assessedAt, 'intake') });
    this.breachIfLate(agenda, 'initial_assessment', plusDays(openedDay, 30), assessedAt);
    // Month by month: whatever comes next, until the end or the history's end.
    const firstMonth = this.clock.at(plusDays(openedDay, 30), 8);
    agenda.push({ at: firstMonth, run: () => this.month(agenda, firstMonth) });
    while (agenda.length && !this.over) {
      agenda.sort((a, b) => a.at - b.at);
      const next = agenda[0];
      // The term runs out (unless a submission to court waits for its decision): the case is completed.
      const term = this.termEndAt();
      if (this.status === 'active' && !this.pending && term <= next.at) {
        if (term <= this.asOf) this.add('ended', term, { end: 'completed', endedOn: this.endsOn }, 'completed');
        return;
      }
      if (next.at > this.asOf) return;
      agenda.shift();
      next.run();
    }
  }

  /** The instant the term runs out: the start of the day it ends on. */
  private termEndAt(): number {
    return this.clock.at(this.endsOn, 0, 5);
  }

  private breachIfLate(agenda: { at: number; run: () => void }[], rule: string, dueOn: string, metAt: number): void {
    if (!this.pack.deadlineRules.some((candidate) => candidate.code === rule) || this.clock.day(metAt) <= dueOn) return;
    const at = this.clock.at(plusDays(dueOn, 1), 0, 10);
    agenda.push({ at, run: () => this.add('deadline_breached', at, { rule, dueOn }) });
  }

  private allocate(kind: 'initial' | 'reallocation'): void {
    const office = kind === 'initial' ? this.places.officeOf(this.place, this.random) : this.office;
    if (!office) return;
    this.office = office;
    this.add('allocated', this.last, { office, officerId: this.places.officerOf(office, this.random), kind });
  }

  private firstMeeting(at: number): void {
    if (this.status !== 'active') return;
    this.add('contact_recorded', at, { contactKind: this.places.codeOr(this.pack.contactKinds, 'office_appointment'), outcome: 'attended' });
    const items: ProbationEntryDetails['plan_set']['items'] = [{ obligation: this.places.codeOr(this.pack.obligations, 'report_regularly'), everyDays: 30 }];
    if (this.hoursOrdered > 0) items.push({ obligation: this.places.codeOr(this.pack.obligations, 'community_work'), hours: this.hoursOrdered });
    this.add('plan_set', at + 20 * MINUTE, { items });
  }

  private assess(agenda: { at: number; run: () => void }[], at: number, purpose: 'intake' | 'reassessment'): void {
    if (this.over) return;
    if (this.status === 'absconded') {
      // Assessed once the person is found: tried again a month on.
      const later = at + 30 * DAY;
      agenda.push({ at: later, run: () => this.assess(agenda, later, purpose) });
      return;
    }
    const instrument = this.pack.riskInstruments[0];
    if (!instrument) return;
    const score = instrument.items.reduce((sum, item) => sum + this.random.pick(item.answers.map((answer) => answer.points).concat(0, 0)), 0);
    const band = [...instrument.bands].sort((a, b) => b.minScore - a.minScore).find((candidate) => score >= candidate.minScore) ?? instrument.bands[0];
    const day = this.clock.day(at);
    const nextDueOn = addMonths(day, band.reassessEveryMonths);
    this.add('assessment_recorded', at, { instrument: instrument.code, instrumentVersion: instrument.version, purpose, score, band: band.code, nextDueOn });
    const late = this.random.chance(PROBATION_PROFILE.lateReassessment);
    const nextAt = this.clock.at(plusDays(nextDueOn, late ? this.random.int(1, 30) : -this.random.int(0, 14)), this.random.int(9, 17));
    agenda.push({ at: nextAt, run: () => this.assess(agenda, nextAt, 'reassessment') });
    this.breachIfLate(agenda, 'reassessment', nextDueOn, nextAt);
  }

  /** One month of supervision from `at`: a contact, community work, maybe a violation, absconding, a court's decision … */
  private month(agenda: { at: number; run: () => void }[], at: number): void {
    const next = at + this.random.int(...PROBATION_PROFILE.contactEveryDays) * DAY;
    agenda.push({ at: next, run: () => this.month(agenda, next) });
    if (this.pending && this.pending.decideAt <= at) this.decide(this.pending);
    if (this.over) return;
    if (this.random.chance(PROBATION_PROFILE.deceasedPerMonth)) {
      this.add('ended', at, { end: 'deceased', endedOn: this.clock.day(at) }, 'deceased');
      return;
    }
    if (this.status === 'absconded') {
      if (this.random.chance(PROBATION_PROFILE.foundShare / 4)) this.add('found', at, { on: this.clock.day(at) }, 'active');
      return;
    }
    if (this.random.chance(PROBATION_PROFILE.abscondPerMonth)) {
      const since = this.clock.day(at);
      this.violation(at, 'absconding');
      this.add('absconded', at + HOUR, { since }, 'absconded');
      return;
    }
    if (this.random.chance(PROBATION_PROFILE.reallocation)) this.allocate('reallocation');
    this.contact(at);
    if (this.hoursOrdered > this.hoursWorked) this.work(at, next);
    if (this.over) return;
    if (this.random.chance(PROBATION_PROFILE.violationsPerMonth)) {
      const types = this.pack.violationTypes.filter((type) => !['missed_appointment', 'absconding', ...(this.hoursOrdered ? [] : ['community_work_evasion'])].includes(type.code));
      this.violation(at + 2 * HOUR, (types.length ? this.random.pick(types) : this.pack.violationTypes[0]).code);
    }
    // Good conduct past half the term: the officer may ask to end it early.
    if (!this.pending && this.violations === 0 && daysBetween(this.startsOn, this.clock.day(at)) * 2 > daysBetween(this.startsOn, this.endsOn) && this.random.chance(PROBATION_PROFILE.earlyTermination / 6)) {
      this.submit(at + 3 * HOUR, 'early_termination');
    }
  }

  private contact(at: number): void {
    const contactKind = this.places.weighted(this.pack.contactKinds, PROBATION_PROFILE.contactKinds, this.random);
    if (!this.random.chance(PROBATION_PROFILE.missedShare)) {
      this.add('contact_recorded', at, { contactKind, outcome: 'attended' });
      return;
    }
    const missedReason = this.places.weighted(this.pack.missedReasons, PROBATION_PROFILE.missedReasons, this.random);
    const excused = this.pack.missedReasons.find((reason) => reason.code === missedReason)?.excused ?? false;
    this.add('contact_recorded', at, { contactKind, outcome: 'missed', excused, missedReason });
    if (!excused && this.random.chance(PROBATION_PROFILE.missedIsViolation)) this.violation(at + HOUR, this.places.codeOr(this.pack.violationTypes, 'missed_appointment'));
  }

  /** The community work of the days after `at` until the next month's check (`until`), up to the hours ordered; the order served completes the case. */
  private work(at: number, until: number): void {
    let day = plusDays(this.clock.day(at), 1);
    const stop = Math.min(until, this.termEndAt(), this.asOf);
    while (this.hoursWorked < this.hoursOrdered) {
      const when = this.clock.at(day, 14);
      if (when >= stop) return;
      const hours = Math.min(this.random.int(...PROBATION_PROFILE.workSessionHours), this.hoursOrdered - this.hoursWorked);
      this.hoursWorked += hours;
      this.add('community_work_logged', when, { workedOn: day, hours });
      day = plusDays(day, this.random.int(...PROBATION_PROFILE.workEveryDays));
    }
    if (this.hoursWorked >= this.hoursOrdered && !this.pending) {
      const completedAt = this.last + HOUR;
      if (completedAt <= this.asOf) this.add('ended', completedAt, { end: 'completed', endedOn: this.clock.day(completedAt) }, 'completed');
    }
  }

  /** A violation and the officer's response, by how many came before: a warning first, then a written one or a plan adjusted, then the court. */
  private violation(at: number, violationType: string): void {
    const violationId = this.id('violation');
    this.violations += 1;
    const obligation = violationType === 'community_work_evasion' ? 'community_work' : 'report_regularly';
    this.add('violation_recorded', at, { violationId, obligation: this.places.codeOr(this.pack.obligations, obligation), violationType, occurredOn: this.clock.day(at) });
    if (violationType === 'absconding') return;
    const responses = [...this.pack.violationResponses].sort((a, b) => a.rank - b.rank);
    const toCourt = responses.filter((response) => response.courtRequest);
    // From the second violation on, some go to court (the third mostly).
    const court = toCourt.length > 0 && !this.pending && this.random.chance(this.violations >= 3 ? 0.7 : this.violations === 2 ? 0.25 : 0);
    const lesser = responses.filter((candidate) => !candidate.courtRequest)[Math.min(this.violations - 1, 2)] ?? responses[0];
    const picked = court ? this.random.pick(toCourt) : lesser;
    const waits = picked.requiresEarlier?.length && !picked.requiresEarlier.some((code) => this.responsesGiven.has(code));
    const response = waits ? lesser : picked;
    this.responsesGiven.add(response.code);
    this.add('violation_responded', at + 2 * HOUR, { violationId, response: response.code });
    if (response.courtRequest) this.submit(at + DAY, response.courtRequest, violationId);
  }

  private submit(at: number, request: Submission['request'], violationId?: string): void {
    const submission: Submission = { id: this.id('submission'), request, ...(violationId && { violationId }), decideAt: at + this.random.int(20, 60) * DAY };
    this.pending = submission;
    this.add('court_submitted', at, { submissionId: submission.id, request, ...(violationId && { violationId }) });
  }

  private decide(submission: Submission): void {
    this.pending = undefined;
    const at = submission.decideAt;
    const day = this.clock.day(at);
    const granted = this.random.chance(
      submission.request === 'revocation' ? PROBATION_PROFILE.revocationGranted : submission.request === 'extension' ? PROBATION_PROFILE.extensionGranted : 0.9,
    );
    if (submission.request === 'extension' && granted) {
      const extensionMonths = this.random.int(3, 6);
      this.endsOn = addMonths(this.endsOn, extensionMonths);
      this.add('court_decided', at, { submissionId: submission.id, request: 'extension', granted, extensionMonths, endsOn: this.endsOn });
      return;
    }
    this.add('court_decided', at, { submissionId: submission.id, request: submission.request, granted });
    if (!granted) return;
    if (submission.request === 'revocation') this.add('ended', at + HOUR, { end: 'revoked', endedOn: day }, 'revoked');
    else this.add('ended', at + HOUR, { end: 'terminated_early', endedOn: day }, 'terminated_early');
  }

  /** A correction of the sentence: the case amended as the corrected decision now stands, or annulled. */
  private correct(correction: SentenceRecord['corrections'][number]): void {
    if (this.over) return;
    const { step } = this.sentence;
    const at = correction.recordedAt + 2 * MINUTE;
    const base = { sourceStepId: step.stepId, correctionStepId: correction.stepId };
    if (correction.action === 'annul') return this.add('annulled', at, { ...base, ground: 'sentence_annulled' }, 'annulled');
    const intake = intakeOf({ ...step, details: correction.details ?? {} }, this.pack, this.places.jurisdiction.timeZone);
    if (!('intake' in intake)) return this.add('annulled', at, { ...base, ground: 'sentence_no_longer_probation' }, 'annulled');
    const amended = intake.intake;
    this.startsOn = amended.startsOn;
    this.endsOn = amended.endsOn;
    this.hoursOrdered = amended.communityWorkHours ?? 0;
    this.add('amended', at, {
      ...base, termMonths: amended.termMonths, startsOn: amended.startsOn, endsOn: amended.endsOn, ...(step.personId && { personId: step.personId }),
      caseType: amended.caseType, obligations: [...amended.obligations], ...(amended.communityWorkHours !== undefined && { communityWorkHours: amended.communityWorkHours }),
    });
  }
}

/** Whether an accused is asked a pre-sentence report on (a woman or a juvenile mostly: the court must ask on them). */
export function asksReport(requestStepKey: string, protectedPerson: boolean): boolean {
  return Random.of(`report ${requestStepKey}`).chance(protectedPerson ? PROBATION_PROFILE.reportForProtected : PROBATION_PROFILE.reportForOthers);
}

/** A report request step's details (the pack's requesters: the court mostly). */
export function reportRequestDetails(stepId: string, requestedAt: number, places: ProbationPlaces): { dueOn: string; requestedBy: string } {
  const random = Random.of(`report request ${stepId}`);
  const requestedBy = places.weighted(places.pack.reportRequesters, { court: 80, prosecutor: 15, investigator: 5 }, random);
  return { dueOn: plusDays(new Clock(places.jurisdiction.timeZone).day(requestedAt), PROBATION_PROFILE.reportDueDays), requestedBy };
}

/** The journal of the pre-sentence report a request step (recorded at `recordedAt`) opens: requested, assigned, drafted, submitted. */
export function reportJournal(step: RecordedStep & { details: { dueOn: string; requestedBy: string } }, recordedAt: number, place: StreamPlace, places: ProbationPlaces, asOf: number): SeedEntry[] {
  const random = Random.of(`report ${step.stepId}`);
  const clock = new Clock(places.jurisdiction.timeZone);
  const entries: SeedEntry[] = [];
  const office = places.officeOf(place, random);
  /** The office is the stream's once it is assigned. */
  const add = <T extends ProbationEntryType>(entryType: T, at: number, status: PreSentenceReportStatus, details: ProbationEntryDetails[T]) => {
    if (at > asOf) return false;
    entries.push({ entryType, at, status, ...(office && status !== 'requested' && { office }), details });
    return true;
  };
  const { dueOn, requestedBy } = step.details;
  const requestedAt = recordedAt + 2 * MINUTE;
  if (!add('report_requested', requestedAt, 'requested', { sourceStepId: step.stepId, requestedBy, dueOn })) return entries;
  const requestedDay = clock.day(requestedAt);
  const assignedAt = clock.at(plusDays(requestedDay, random.int(1, 3)), random.int(9, 17));
  if (!office) return entries;
  if (!add('allocated', assignedAt, 'assigned', { office, officerId: places.officerOf(office, random), kind: 'initial' })) return entries;
  const submittedDay = plusDays(requestedDay, random.int(...random.weighted(PROBATION_PROFILE.reportSubmittedDays)));
  const span = Math.max(3, daysBetween(clock.day(assignedAt), submittedDay));
  const sections = places.pack.reportSections;
  for (const [index, section] of sections.entries()) {
    const at = clock.at(plusDays(clock.day(assignedAt), Math.floor(((index + 1) * span) / (sections.length + 1))), 15);
    if (!add('report_section_drafted', Math.max(at, assignedAt + HOUR), 'drafting', { section: section.code })) return entries;
  }
  const submittedAt = Math.max(clock.at(submittedDay, 16), entries[entries.length - 1].at + HOUR);
  const recommendation = places.weighted(places.pack.reportRecommendations, { community_supervision_suitable: 55, community_supervision_unsuitable: 30, community_work_suitable: 15 }, random);
  add('report_submitted', submittedAt, 'submitted', { recommendation, dueOn, onTime: clock.day(submittedAt) <= dueOn });
  return entries;
}
