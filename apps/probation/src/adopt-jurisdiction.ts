import { AdoptJurisdiction, keepPrePackData } from '@icjims/platform';

/**
 * Probation reads its law from the pack as it runs; at an installation's first start under one it only
 * checks that the probation cases it already holds fit it. An installation from before packs
 * opened them in the EE sample's regions, starting on UTC dates: only the EE pack can take them
 * over (cases opened or amended from then on start on the pack's local dates).
 */
export const adoptJurisdiction: AdoptJurisdiction = async (manager, jurisdiction, adoption, logger) => {
  if (!adoption.firstStart) return;
  const [{ cases }]: { cases: number }[] = await manager.query(`SELECT count(*)::int AS cases FROM probation_streams WHERE stream = 'probation_case'`);
  if (keepPrePackData('probation', cases, 'probation cases opened', jurisdiction)) {
    logger.info({ jurisdiction: jurisdiction.code, cases }, 'probation cases opened before jurisdiction packs are kept: they started on UTC dates, from now on dates are local');
  }
};
