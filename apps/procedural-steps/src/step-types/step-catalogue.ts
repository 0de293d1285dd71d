import { Role } from '@icjims/contracts';

/** One type-specific field of a step. */
export interface StepFieldSpec {
  name: string;
  type: 'string' | 'integer' | 'boolean' | 'date' | 'enum';
  required: boolean;
  description: string;
  values?: readonly string[];
  min?: number;
  max?: number;
  maxLength?: number;
}

/** A kind of procedural step: who may record it, whether it concerns the case or one person, its fields. */
export interface StepTypeSpec {
  code: string;
  title: string;
  description: string;
  level: 'case' | 'person';
  roles: readonly Role[];
  fields: readonly StepFieldSpec[];
}

export const SENTENCE_TYPES = ['imprisonment', 'probation', 'fine', 'community_work', 'conditional'] as const;

const TERM_MONTHS: StepFieldSpec = {
  name: 'termMonths',
  type: 'integer',
  required: false,
  min: 1,
  max: 600,
  description: 'Length of the sentence in months; required for every sentence type except a fine',
};

/**
 * The catalogue of step types served by GET /step-types. The first slice of the full
 * catalogue: enough to follow a case from registration to a probation sentence.
 */
export const STEP_CATALOGUE: readonly StepTypeSpec[] = [
  {
    code: 'investigation_started',
    title: 'Start of pre-trial investigation',
    description: 'The investigation of the registered report begins',
    level: 'case',
    roles: ['prosecutor', 'investigator'],
    fields: [],
  },
  {
    code: 'suspicion_notified',
    title: 'Notification of suspicion',
    description: 'A person is notified that they are suspected of the offence',
    level: 'person',
    roles: ['prosecutor', 'investigator'],
    fields: [{ name: 'offenceArticle', type: 'string', required: true, maxLength: 32, description: 'Article the suspicion concerns' }],
  },
  {
    code: 'detention',
    title: 'Detention',
    description: 'A suspect is detained; a court decision or release must follow within 48 hours',
    level: 'person',
    roles: ['prosecutor', 'investigator'],
    fields: [],
  },
  {
    code: 'release_from_detention',
    title: 'Release from detention',
    description: 'A detained person is released',
    level: 'person',
    roles: ['prosecutor', 'investigator'],
    fields: [],
  },
  {
    code: 'indictment',
    title: 'Indictment and sending the case to court',
    description: 'The prosecutor indicts and sends the case to court',
    level: 'case',
    roles: ['prosecutor'],
    fields: [],
  },
  {
    code: 'verdict',
    title: 'Verdict',
    description: 'The court’s verdict on one accused',
    level: 'person',
    roles: ['prosecutor'],
    fields: [{ name: 'outcome', type: 'enum', required: true, values: ['conviction', 'acquittal'], description: 'Convicted or acquitted' }],
  },
  {
    code: 'sentence',
    title: 'Sentence',
    description: 'The sentence imposed on one convicted person; a probation sentence opens a probation case',
    level: 'person',
    roles: ['prosecutor'],
    fields: [
      { name: 'sentenceType', type: 'enum', required: true, values: SENTENCE_TYPES, description: 'Kind of sentence' },
      TERM_MONTHS,
    ],
  },
  {
    code: 'case_closed',
    title: 'Case closed',
    description: 'The case is closed',
    level: 'case',
    roles: ['prosecutor'],
    fields: [],
  },
];

export const STEP_TYPE_CODES: readonly string[] = STEP_CATALOGUE.map((spec) => spec.code);

export function stepTypeSpec(code: string): StepTypeSpec | undefined {
  return STEP_CATALOGUE.find((spec) => spec.code === code);
}
