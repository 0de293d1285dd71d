import { ProceduralStep } from './step.entity';

/**
 * The pseudonymous ids of the persons the steps name: each person-level step's person, and
 * the person an amendment puts in their place. A read that returns the steps notes them in
 * its access entry (noteConsultedPersons).
 */
export function personsNamedBy(steps: readonly ProceduralStep[]): Set<string> {
  const ids = new Set<string>();
  for (const step of steps) {
    if (step.personId) ids.add(step.personId);
    if (step.correctsStepId && typeof step.details.personId === 'string') ids.add(step.details.personId);
  }
  return ids;
}
