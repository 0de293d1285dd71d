import { Role, VERDICT_OUTCOMES } from '@icjims/contracts';

export const STEP_FIELD_TYPES = ['string', 'integer', 'boolean', 'date', 'datetime', 'enum', 'codes'] as const;

/**
 * The lists of a jurisdiction pack that give a step field its values: its preventive measures,
 * termination grounds and court levels (`appealCourtLevels`: the levels above the lowest, which
 * hear appeals), and from its probation section the obligations a court may impose and who may
 * request a pre-sentence report.
 */
export const PACK_LISTS = ['preventiveMeasures', 'terminationGrounds', 'courtLevels', 'appealCourtLevels', 'probationObligations', 'reportRequesters'] as const;
export type PackList = (typeof PACK_LISTS)[number];

/** One type-specific field of a step: a flat scalar in the step's `details`, or a list of codes. */
export interface StepFieldSpec {
  name: string;
  /**
   * `date` is YYYY-MM-DD; `datetime` is an ISO 8601 instant with an offset (Z or ±hh:mm);
   * `codes` is a JSON array of distinct codes from `values`, at most `maxItems` of them.
   */
  type: (typeof STEP_FIELD_TYPES)[number];
  required: boolean;
  description: string;
  values?: readonly string[];
  /** The allowed values are the codes of this list of the jurisdiction pack (StepTypes fills them in). */
  valuesFrom?: PackList;
  min?: number;
  max?: number;
  maxLength?: number;
  /** `codes`: how many codes the list may hold. */
  maxItems?: number;
  /** `date`: not before the day the step is recorded (in the pack's time zone), e.g. a due date. */
  notPast?: boolean;
}

/** A kind of procedural step: who may record it, whether it concerns the case or one person, its fields. */
export interface StepTypeSpec {
  code: string;
  title: string;
  description: string;
  /** A person-level step names the person (personId); a case-level step must not. */
  level: 'case' | 'person';
  /** Roles that may record it over the API; empty for steps only the system records. */
  roles: readonly Role[];
  fields: readonly StepFieldSpec[];
}

/**
 * The journal's kinds of sentence, common to every pack. `restriction_of_freedom` is a punishment
 * supervised outside prison (e.g. Criminal Code of Kazakhstan, art. 44); a pack's probation
 * section says which kinds open supervision (probation.caseTypes[].opensOn).
 */
export const SENTENCE_TYPES = ['imprisonment', 'probation', 'fine', 'community_work', 'conditional', 'restriction_of_freedom'] as const;
export type SentenceType = (typeof SENTENCE_TYPES)[number];

// A contract (libs/contracts): analytics breaks verdicts down by these outcomes.
export { VERDICT_OUTCOMES, type VerdictOutcome } from '@icjims/contracts';

/**
 * The journal's own codes for the fields whose values come from the pack: used only where a
 * pack lists none (KG lists no termination grounds yet), so that the field can still be filled.
 */
export const PREVENTIVE_MEASURES = [
  'custody',
  'house_arrest',
  'bail',
  'personal_guarantee',
  'travel_ban',
  'electronic_monitoring',
  'suspension_from_office',
  'restraining_order',
] as const;
/** A code of the pack's preventiveMeasures (or of PREVENTIVE_MEASURES where the pack lists none). */
export type PreventiveMeasure = string;

/** Codes the journal's rules rely on, which a pack listing codes for that field must have: custody ends a detention, and a release ends custody. */
export const RELIED_ON_CODES: Readonly<Record<PackList, readonly string[]>> = {
  preventiveMeasures: ['custody'],
  terminationGrounds: [],
  courtLevels: [],
  appealCourtLevels: [],
  probationObligations: [],
  reportRequesters: [],
};

/** The journal's own obligation codes, for a pack without a probation section (its probation.obligations are authoritative). */
export const PROBATION_OBLIGATIONS = [
  'report_regularly',
  'no_residence_change_without_notice',
  'curfew',
  'no_contact',
  'avoid_places',
  'treatment',
  'education_or_work',
  'community_work',
] as const;

/** The journal's own codes of who requests a pre-sentence report, for a pack without a probation section. */
export const REPORT_REQUESTERS = ['court', 'prosecutor', 'investigator'] as const;

/** How many obligations one court decision may list. */
const MAX_OBLIGATIONS = 20;

export const TERMINATION_GROUNDS = [
  'no_crime',
  'no_evidence',
  'expediency',
  'limitation',
  'death_of_suspect',
  'conciliation',
  'res_judicata',
  'unreasonable_length',
  'other',
] as const;

export const SUSPENSION_GROUNDS = ['suspect_absconding', 'serious_illness', 'foreign_assistance_pending', 'other'] as const;

/** Why a person left the case, as case-registry says: removed from it, or moved to a case split off it. */
export const LEAVING_REASONS = ['removed', 'split'] as const;
export type LeavingReason = (typeof LEAVING_REASONS)[number];

/** How a person's standing reaches another case: their case was joined into it, or they were split off into it. */
export const STANDING_TRANSFERS = ['join', 'split'] as const;
export type StandingTransfer = (typeof STANDING_TRANSFERS)[number];

/** The procedural statuses of a person a step has named (who a step has not named has none). */
export const STANDING_STATUSES = ['suspect', 'accused', 'convicted', 'acquitted', 'sentenced'] as const;

export const APPEAL_OUTCOMES = ['upheld', 'amended', 'dismissed', 'returned_for_retrial'] as const;
export type AppealOutcome = (typeof APPEAL_OUTCOMES)[number];

const INVESTIGATING: readonly Role[] = ['prosecutor', 'investigator'];
/** Court outcomes and the prosecutor's own decisions are recorded by the prosecutor. */
const PROSECUTING: readonly Role[] = ['prosecutor'];
/** Recorded by the service itself from another service's event, never over the API. */
const SYSTEM: readonly Role[] = [];

const SOURCE_CASE: StepFieldSpec = { name: 'fromCaseId', type: 'string', required: true, maxLength: 36, description: 'The case the person’s standing comes from' };

const MEASURE: StepFieldSpec = {
  name: 'measure',
  type: 'enum',
  required: true,
  values: PREVENTIVE_MEASURES,
  valuesFrom: 'preventiveMeasures',
  description: 'The preventive measure',
};

function obligations(what: string): StepFieldSpec {
  return {
    name: 'obligations',
    type: 'codes',
    required: false,
    values: PROBATION_OBLIGATIONS,
    valuesFrom: 'probationObligations',
    maxItems: MAX_OBLIGATIONS,
    description: `The obligations the court imposed ${what}, as codes of the pack’s probation obligations`,
  };
}

function until(required: boolean, what: string): StepFieldSpec {
  return { name: 'until', type: 'datetime', required, description: `End of ${what} (ISO 8601 instant with offset)` };
}

/**
 * The catalogue of step types: every step a case can go through,
 * from registration to closure. What each step may follow is decided by the legal-order rules.
 */
export const STEP_CATALOGUE: readonly StepTypeSpec[] = [
  {
    code: 'registration',
    title: 'Registration of the report of a crime',
    description: 'Recorded by the system when case-registry registers the case; always the first step',
    level: 'case',
    roles: SYSTEM,
    fields: [],
  },
  {
    code: 'investigation_started',
    title: 'Start of pre-trial investigation',
    description: 'The investigation of the registered report begins',
    level: 'case',
    roles: INVESTIGATING,
    fields: [],
  },
  {
    code: 'suspicion_notified',
    title: 'Notification of suspicion',
    description: 'A person is notified that they are suspected of the offence',
    level: 'person',
    roles: INVESTIGATING,
    fields: [{ name: 'offenceArticle', type: 'string', required: true, maxLength: 32, description: 'Article the suspicion concerns' }],
  },
  {
    code: 'detention',
    title: 'Detention',
    description: 'A person is detained as a suspect; a court decision or release must follow within 48 hours',
    level: 'person',
    roles: INVESTIGATING,
    fields: [
      {
        name: 'ground',
        type: 'enum',
        required: false,
        values: ['caught_in_the_act', 'identified_by_witness', 'traces_of_offence', 'risk_of_absconding', 'not_identified', 'risk_of_reoffending', 'other'],
        description: 'Why the person was detained',
      },
    ],
  },
  {
    code: 'release_from_detention',
    title: 'Release from detention',
    description: 'A person held in detention or custody is released; a custody measure ends with it',
    level: 'person',
    roles: INVESTIGATING,
    fields: [
      {
        name: 'ground',
        type: 'enum',
        required: false,
        values: ['custody_refused', 'grounds_ceased', 'term_expired', 'other_measure_applied', 'other'],
        description: 'Why the person was released',
      },
    ],
  },
  {
    code: 'preventive_measure_applied',
    title: 'Preventive measure applied',
    description: 'A preventive measure is applied to a suspect, accused or convicted person; custody takes over from a detention',
    level: 'person',
    roles: INVESTIGATING,
    fields: [MEASURE, until(false, 'the term set for the measure')],
  },
  {
    code: 'preventive_measure_extended',
    title: 'Preventive measure extended',
    description: 'The term of a running preventive measure is extended',
    level: 'person',
    roles: INVESTIGATING,
    fields: [MEASURE, until(true, 'the extended term')],
  },
  {
    code: 'preventive_measure_changed',
    title: 'Preventive measure changed',
    description: 'A running preventive measure is replaced by another',
    level: 'person',
    roles: INVESTIGATING,
    fields: [
      { ...MEASURE, description: 'The measure that is replaced' },
      { name: 'newMeasure', type: 'enum', required: true, values: PREVENTIVE_MEASURES, valuesFrom: 'preventiveMeasures', description: 'The measure that replaces it' },
      until(false, 'the term set for the new measure'),
    ],
  },
  {
    code: 'preventive_measure_lifted',
    title: 'Preventive measure lifted',
    description: 'A running preventive measure ends',
    level: 'person',
    roles: INVESTIGATING,
    fields: [MEASURE],
  },
  {
    code: 'investigation_term_extended',
    title: 'Investigation term extended',
    description: 'The term of the pre-trial investigation is extended',
    level: 'case',
    roles: PROSECUTING,
    fields: [until(true, 'the extended investigation term')],
  },
  {
    code: 'proceedings_suspended',
    title: 'Proceedings suspended',
    description: 'The investigation or the court proceedings are suspended',
    level: 'case',
    roles: PROSECUTING,
    fields: [{ name: 'ground', type: 'enum', required: true, values: SUSPENSION_GROUNDS, description: 'Legal ground of the suspension' }],
  },
  {
    code: 'proceedings_resumed',
    title: 'Proceedings resumed',
    description: 'Suspended proceedings continue where they stopped; terminated proceedings are reopened as an investigation',
    level: 'case',
    roles: PROSECUTING,
    fields: [],
  },
  {
    code: 'proceedings_terminated',
    title: 'Proceedings terminated',
    description: 'The criminal proceedings are terminated; every detention and preventive measure ends with them',
    level: 'case',
    roles: PROSECUTING,
    fields: [{ name: 'ground', type: 'enum', required: true, values: TERMINATION_GROUNDS, valuesFrom: 'terminationGrounds', description: 'Legal ground of the termination' }],
  },
  {
    code: 'indictment',
    title: 'Indictment and sending the case to court',
    description: 'The prosecutor indicts and sends the case to court; every suspect becomes an accused',
    level: 'case',
    roles: PROSECUTING,
    fields: [],
  },
  {
    code: 'plea_agreement',
    title: 'Plea agreement',
    description: 'A plea agreement is concluded with a suspect or accused',
    level: 'person',
    roles: PROSECUTING,
    fields: [],
  },
  {
    code: 'court_hearing',
    title: 'Court hearing',
    description: 'A court session in the case, at first instance or on appeal',
    level: 'case',
    roles: PROSECUTING,
    fields: [{ name: 'instance', type: 'enum', required: false, values: [], valuesFrom: 'courtLevels', description: 'The level of the court that held it' }],
  },
  {
    code: 'verdict',
    title: 'Verdict',
    description: 'The court’s verdict on one accused; on appeal, the appeal court’s verdict replaces the earlier one',
    level: 'person',
    roles: PROSECUTING,
    fields: [{ name: 'outcome', type: 'enum', required: true, values: VERDICT_OUTCOMES, description: 'Convicted or acquitted' }],
  },
  {
    code: 'sentence',
    title: 'Sentence',
    description: 'The sentence imposed on one convicted person; a probation sentence opens a probation case',
    level: 'person',
    roles: PROSECUTING,
    fields: [
      { name: 'sentenceType', type: 'enum', required: true, values: SENTENCE_TYPES, description: 'Kind of sentence' },
      {
        name: 'termMonths',
        type: 'integer',
        required: false,
        min: 1,
        max: 600,
        description: 'Length of the sentence in months; required for every sentence type except a fine',
      },
      { name: 'fineAmount', type: 'integer', required: false, min: 1, max: 100_000_000, description: 'Amount of a fine in the national currency; only for a fine' },
      { name: 'conditions', type: 'string', required: false, maxLength: 1000, description: 'Conditions and obligations imposed with the sentence' },
      obligations('with the sentence'),
      {
        name: 'communityWorkHours',
        type: 'integer',
        required: false,
        min: 1,
        max: 2000,
        description: 'Hours of community work ordered; only for community work (1–2000 only catches typing errors: the criminal code’s range was not confirmed)',
      },
    ],
  },
  {
    code: 'conditional_early_release',
    title: 'Conditional early release',
    description:
      'The court releases a person serving imprisonment under this case’s sentence before the end of the term, on parole: ' +
      'the rest of the term under supervision, with obligations',
    level: 'person',
    roles: PROSECUTING,
    fields: [
      { name: 'termMonths', type: 'integer', required: true, min: 1, max: 600, description: 'The unserved term, in months, during which the person is supervised' },
      obligations('on release'),
    ],
  },
  {
    code: 'pre_sentence_report_requested',
    title: 'Pre-sentence report requested',
    description: 'A report of the probation service on a suspect or accused is requested before the verdict, due by a date',
    level: 'person',
    roles: INVESTIGATING,
    fields: [
      { name: 'dueOn', type: 'date', required: true, notPast: true, description: 'The date by which the report is due (YYYY-MM-DD; not in the past when recorded)' },
      { name: 'requestedBy', type: 'enum', required: true, values: REPORT_REQUESTERS, valuesFrom: 'reportRequesters', description: 'Who requests the report' },
    ],
  },
  {
    code: 'pre_sentence_report_received',
    title: 'Pre-sentence report received',
    description: 'Recorded by the system when the probation service submits the report a request step asked for; the report itself stays with probation',
    level: 'person',
    roles: SYSTEM,
    fields: [
      { name: 'requestStepId', type: 'string', required: true, maxLength: 36, description: 'The pre_sentence_report_requested step it answers' },
      { name: 'reportId', type: 'string', required: true, maxLength: 36, description: 'The report in the probation service' },
      { name: 'recommendation', type: 'string', required: true, maxLength: 64, description: 'The report’s recommendation, a code of the pack’s probation report recommendations' },
    ],
  },
  {
    code: 'appeal_filed',
    title: 'Appeal filed',
    description: 'A judgment is appealed to a higher court',
    level: 'case',
    roles: PROSECUTING,
    fields: [
      { name: 'appellant', type: 'enum', required: false, values: ['prosecutor', 'defence', 'accused', 'victim'], description: 'Who appealed' },
      { name: 'instance', type: 'enum', required: false, values: [], valuesFrom: 'appealCourtLevels', description: 'The level of the court appealed to' },
    ],
  },
  {
    code: 'appeal_decided',
    title: 'Appeal decided',
    description: 'The appeal court decides; a retrial sends the case back to the first instance',
    level: 'case',
    roles: PROSECUTING,
    fields: [{ name: 'outcome', type: 'enum', required: true, values: APPEAL_OUTCOMES, description: 'What the appeal court decided' }],
  },
  {
    code: 'case_closed',
    title: 'Case closed',
    description: 'The case is closed; every detention and preventive measure ends with it',
    level: 'case',
    roles: PROSECUTING,
    fields: [],
  },
  {
    code: 'case_joined',
    title: 'Case joined into another',
    description: 'Recorded by the system when case-registry joins this case into another; the journal continues there',
    level: 'case',
    roles: SYSTEM,
    fields: [{ name: 'intoCaseId', type: 'string', required: true, maxLength: 36, description: 'The case this one was joined into' }],
  },
  {
    code: 'person_left',
    title: 'Person left the case',
    description:
      'Recorded by the system when case-registry removes a person with procedural standing from the case or splits them off into another; ' +
      'the case proceeds without them, and only their release or the lifting of a measure is still recorded about them',
    level: 'person',
    roles: SYSTEM,
    fields: [
      { name: 'reason', type: 'enum', required: true, values: LEAVING_REASONS, description: 'Removed from the case, or split off into another case' },
      {
        name: 'toCaseId',
        type: 'string',
        required: false,
        maxLength: 36,
        description: 'With reason split: the case the person was split off into, where their standing and clocks go on',
      },
    ],
  },
  {
    code: 'person_returned',
    title: 'Person returned to the case',
    description: 'Recorded by the system when a person who had left the case is added to it again; they return with the standing they had',
    level: 'person',
    roles: SYSTEM,
    fields: [],
  },
  {
    code: 'standing_received',
    title: 'Procedural standing received from another case',
    description:
      'Recorded by the system in the receiving case when a case is joined into it, or a person split off into it: the person’s standing ' +
      'as it stood in the source case — status, notified suspicion, plea agreement, an open detention — counting from the original dates',
    level: 'person',
    roles: SYSTEM,
    fields: [
      SOURCE_CASE,
      { name: 'via', type: 'enum', required: true, values: STANDING_TRANSFERS, description: 'How the person came here: the source case was joined into this one, or they were split off it' },
      { name: 'status', type: 'enum', required: true, values: STANDING_STATUSES, description: 'The person’s procedural status in the source case' },
      { name: 'since', type: 'datetime', required: true, description: 'When the person reached that status in the source case' },
      { name: 'suspicionNotified', type: 'boolean', required: true, description: 'Whether the suspicion had been notified to the person' },
      { name: 'pleaAgreement', type: 'boolean', required: true, description: 'Whether a plea agreement with the person had been recorded' },
      { name: 'detainedSince', type: 'datetime', required: false, description: 'Start of the person’s open detention as a suspect, if any' },
    ],
  },
  {
    code: 'measure_received',
    title: 'Preventive measure received from another case',
    description: 'Recorded by the system after standing_received for each preventive measure in force for the person in the source case; it runs on here',
    level: 'person',
    roles: SYSTEM,
    fields: [
      SOURCE_CASE,
      MEASURE,
      { name: 'decidedAt', type: 'datetime', required: true, description: 'When the measure was last decided in the source case' },
      until(false, 'the measure as last decided'),
    ],
  },
  {
    code: 'deadline_received',
    title: 'Deadline received from another case',
    description:
      'Recorded by the system after standing_received for each clock running for the person in the source case: it runs on here under the ' +
      'same rule version, from its original start to its due time as last extended, and the source case’s clock ends there',
    level: 'person',
    roles: SYSTEM,
    fields: [
      SOURCE_CASE,
      { name: 'rule', type: 'string', required: true, maxLength: 64, description: 'The code of the deadline rule' },
      { name: 'ruleVersion', type: 'integer', required: true, min: 1, max: 1_000_000, description: 'The version of the rule the clock started under' },
      { name: 'startedAt', type: 'datetime', required: true, description: 'When the clock started in the source case' },
      { name: 'dueAt', type: 'datetime', required: true, description: 'The clock’s due time as last set in the source case' },
    ],
  },
  {
    code: 'correction',
    title: 'Correction',
    description:
      'Corrects an earlier step recorded by mistake. The step carries `correction`: correctsStepId, reason, and action ' +
      '"annul" (the step is treated as never having happened) or "amend" with a new occurredAt, personId and/or details ' +
      '(details given replace all of the corrected step’s details).',
    level: 'case',
    roles: INVESTIGATING,
    fields: [],
  },
];

export const STEP_TYPE_CODES: readonly string[] = STEP_CATALOGUE.map((spec) => spec.code);

/** A step type as the journal defines it; the values of pack-driven fields are those of StepTypes. */
export function stepTypeSpec(code: string): StepTypeSpec | undefined {
  return STEP_CATALOGUE.find((spec) => spec.code === code);
}
