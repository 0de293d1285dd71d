import { AccessRecorded } from './access.events';
import {
  CaseJoined, CaseRegistered, CaseResponsibilityAssigned, CaseTransferred, PersonAddedToCase, PersonMerged, PersonRemovedFromCase, PersonUnmerged,
} from './case-registry.events';
import { EventDefinition } from './cloud-event';
import {
  PreSentenceReportSubmitted, ProbationCaseAmended, ProbationCaseAnnulled, ProbationCaseOpened, ProbationEntryRecorded,
} from './probation.events';
import {
  CaseStatusChanged, DeadlineBreached, DeadlineBreachWithdrawn, DeadlineRunningOut, StepCorrected, StepRecorded,
} from './procedural-steps.events';
import { TreeHeadSigned } from './transparency.events';

/**
 * Every event type of the contract, in the order of the event catalogue (docs/event-catalogue.md).
 * The AsyncAPI document and the JSON Schemas are generated from this list; a test checks that
 * every definition the library exports is in it.
 */
export const EVENT_DEFINITIONS: readonly EventDefinition<object>[] = [
  CaseRegistered,
  PersonAddedToCase,
  PersonRemovedFromCase,
  PersonMerged,
  PersonUnmerged,
  CaseResponsibilityAssigned,
  CaseTransferred,
  CaseJoined,
  StepRecorded,
  StepCorrected,
  CaseStatusChanged,
  DeadlineBreached,
  DeadlineRunningOut,
  DeadlineBreachWithdrawn,
  ProbationCaseOpened,
  ProbationCaseAmended,
  ProbationCaseAnnulled,
  ProbationEntryRecorded,
  PreSentenceReportSubmitted,
  ...Object.values(TreeHeadSigned),
  ...Object.values(AccessRecorded),
];

/** The definition of an event type, or undefined for a type the contract does not know. */
export function eventDefinitionOf(type: string): EventDefinition<object> | undefined {
  return EVENT_DEFINITIONS.find((definition) => definition.type === type);
}
