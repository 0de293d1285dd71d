import type { StandingTransfer } from '../step-types/step-catalogue';
import type { StepDetails } from '../steps/step-rules';
import { isDetained, PersonState } from './journal-state';

/** A clock of the source case as the receiving case takes it over. */
export interface CarriedClock {
  rule: string;
  ruleVersion: number;
  startedAt: Date;
  dueAt: Date;
}

/** One person's standing on its way from one case to another. */
export interface PersonTransfer {
  personId: string;
  fromCaseId: string;
  via: StandingTransfer;
  /** The person's standing in the source case. */
  source: PersonState;
  /** The clocks the source case hands over for them: running, or ended by the join or split itself. */
  clocks: readonly CarriedClock[];
  /** Their standing in the receiving case, if they have one there already. */
  receiving?: PersonState;
  /** The rules with a clock running for them in the receiving case. */
  receivingClockRules: ReadonlySet<string>;
}

export interface TransferStep {
  stepType: 'standing_received' | 'measure_received' | 'deadline_received';
  personId: string;
  details: StepDetails;
}

/**
 * The system steps that carry a person's standing into the receiving case: what the receiving
 * case does not hold yet, so that nothing is lost and nothing doubled — a person it knows keeps
 * their standing there and gains only what the source adds; a measure or a clock it runs already
 * is not taken twice. A transfer repeated (one event per role moved) therefore adds nothing.
 */
export function transferSteps(transfer: PersonTransfer): TransferStep[] {
  const { personId, fromCaseId, via, source, receiving } = transfer;
  const steps: TransferStep[] = [];
  const adds =
    !receiving ||
    (source.suspicionNotified && !receiving.suspicionNotified) ||
    (source.pleaAgreement && !receiving.pleaAgreement) ||
    (source.detention !== undefined && !isDetained(receiving));
  if (adds) {
    steps.push({
      stepType: 'standing_received',
      personId,
      details: {
        fromCaseId,
        via,
        status: source.status,
        since: source.since.toISOString(),
        suspicionNotified: source.suspicionNotified,
        pleaAgreement: source.pleaAgreement,
        ...(source.detention && { detainedSince: source.detention.since.toISOString() }),
      },
    });
  }
  for (const [measure, running] of Object.entries(source.measures)) {
    if (!running || receiving?.measures[measure]) continue;
    steps.push({
      stepType: 'measure_received',
      personId,
      details: { fromCaseId, measure, decidedAt: running.decidedAt.toISOString(), ...(running.until && { until: running.until.toISOString() }) },
    });
  }
  for (const clock of transfer.clocks) {
    if (transfer.receivingClockRules.has(clock.rule)) continue;
    steps.push({
      stepType: 'deadline_received',
      personId,
      details: { fromCaseId, rule: clock.rule, ruleVersion: clock.ruleVersion, startedAt: clock.startedAt.toISOString(), dueAt: clock.dueAt.toISOString() },
    });
  }
  return steps;
}
