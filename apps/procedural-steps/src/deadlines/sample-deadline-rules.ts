import type { PreventiveMeasure } from '../step-types/step-catalogue';
import type { DeadlineRule, Duration, StepMatch } from './deadline-rules';

/**
 * SAMPLE deadline rules, seeded into the rules table by a migration so that a new installation
 * has something to run. They follow the Estonian Code of Criminal Procedure (CCP) for
 * illustration only: the legal references are illustrative and must be checked against the
 * law in force, and an admin replaces the rules with the office's own.
 */
const SAMPLE = 'SAMPLE, illustrative — verify against the law in force:';

/** Steps that end every detention and preventive measure in the legal order. */
const PROCEEDINGS_END: readonly StepMatch[] = [{ stepType: 'proceedings_terminated' }, { stepType: 'case_closed' }, { stepType: 'case_joined' }];

/** The term a court or prosecutor set for a preventive measure, taken from the step's `until`. */
function measureTerm(measure: PreventiveMeasure, title: string, reference: string, warnBefore: Duration): DeadlineRule {
  return {
    code: `${measure}_term`,
    title,
    legalReference: `${SAMPLE} ${reference}`,
    scope: 'person',
    startsWith: [
      { stepType: 'preventive_measure_applied', where: { measure } },
      { stepType: 'preventive_measure_changed', where: { newMeasure: measure } },
    ],
    term: { field: 'until' },
    extendedBy: [{ stepType: 'preventive_measure_extended', where: { measure }, untilField: 'until' }],
    stoppedBy: [
      { stepType: 'preventive_measure_lifted', where: { measure } },
      { stepType: 'preventive_measure_changed', where: { measure } },
      // A release from detention also ends custody.
      ...(measure === 'custody' ? [{ stepType: 'release_from_detention' }] : []),
      ...PROCEEDINGS_END,
    ],
    warnBefore,
  };
}

export const SAMPLE_DEADLINE_RULES: readonly DeadlineRule[] = [
  {
    code: 'detention_court_decision',
    title: 'Detained suspect: court decision on custody, or release, within 48 hours',
    legalReference: `${SAMPLE} Constitution § 21(2); CCP § 217(1) (detention of a suspect for up to 48 hours)`,
    scope: 'person',
    startsWith: [{ stepType: 'detention' }],
    term: { amount: 48, unit: 'hours' },
    extendedBy: [],
    stoppedBy: [
      { stepType: 'release_from_detention' },
      { stepType: 'preventive_measure_applied', where: { measure: 'custody' } },
      { stepType: 'preventive_measure_changed', where: { newMeasure: 'custody' } },
      ...PROCEEDINGS_END,
    ],
    warnBefore: { amount: 12, unit: 'hours' },
  },
  measureTerm('custody', 'Custody: end of the term set by the court', 'CCP §§ 130, 131¹ (custody and its time limits in pre-trial proceedings)', {
    amount: 7,
    unit: 'days',
  }),
  measureTerm('house_arrest', 'House arrest: end of its term', 'CCP § 127 (preventive measures)', { amount: 7, unit: 'days' }),
  measureTerm('electronic_monitoring', 'Electronic monitoring: end of its term', 'CCP § 127 (preventive measures)', { amount: 7, unit: 'days' }),
  measureTerm('travel_ban', 'Prohibition on departure: end of its term', 'CCP § 128 (prohibition on departure from residence)', { amount: 7, unit: 'days' }),
  measureTerm('suspension_from_office', 'Suspension from office: end of its term', 'CCP § 141 (temporary suspension from office)', { amount: 7, unit: 'days' }),
  measureTerm('restraining_order', 'Restraining order: end of its term', 'CCP § 141¹ (temporary restraining order)', { amount: 7, unit: 'days' }),
  {
    code: 'investigation_term',
    title: 'Pre-trial investigation: end of the investigation term',
    legalReference: `${SAMPLE} office-set term of 12 months from the start, extended by the prosecutor (the CCP sets no general investigation term)`,
    scope: 'case',
    startsWith: [{ stepType: 'investigation_started' }],
    term: { amount: 12, unit: 'months' },
    extendedBy: [{ stepType: 'investigation_term_extended', untilField: 'until' }],
    stoppedBy: [{ stepType: 'indictment' }, ...PROCEEDINGS_END],
    warnBefore: { amount: 14, unit: 'days' },
  },
];
