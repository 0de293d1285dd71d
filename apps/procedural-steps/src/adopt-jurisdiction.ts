import { JurisdictionPackError } from '@icjims/jurisdiction';
import type { AdoptJurisdiction } from '@icjims/platform';
import { adoptDeadlineRules } from './deadlines/adopt-deadline-rules';
import { StepTypes } from './step-types/step-types';

/**
 * What procedural-steps takes of the pack, at the first start and on a new pack version: the
 * journal must be able to run under its measures and grounds, and its deadline rules go into
 * the rules table.
 */
export const adoptJurisdiction: AdoptJurisdiction = async (manager, jurisdiction, adoption, logger) => {
  const stepTypes = new StepTypes(jurisdiction.pack);
  const problems = stepTypes.problems();
  if (problems.length) throw new JurisdictionPackError(`procedural-steps cannot run under the pack ${jurisdiction.code}:\n  - ${problems.join('\n  - ')}`);
  if (stepTypes.fallbacks.length) logger.info({ jurisdiction: jurisdiction.code, lists: stepTypes.fallbacks }, 'the pack lists no codes for these step fields: the journal’s own codes apply');
  await adoptDeadlineRules(manager, jurisdiction, adoption, logger, { stepTypes });
};
