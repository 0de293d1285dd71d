import { AdoptJurisdiction, keepPrePackData } from '@icjims/platform';

/**
 * Analytics takes no data from the pack; at an installation's first start under one it only
 * checks that the counts it already holds fit it. An installation from before packs counted
 * the EE sample's regions, in UTC months: only the EE pack can take those counts over (the
 * months counted from then on are the pack's local months).
 */
export const adoptJurisdiction: AdoptJurisdiction = async (manager, jurisdiction, adoption, logger) => {
  if (!adoption.firstStart) return;
  const [{ cells }]: { cells: number }[] = await manager.query(`SELECT count(*)::int AS cells FROM activity_counts`);
  if (keepPrePackData('analytics', cells, 'indicator cells counted', jurisdiction)) {
    logger.info({ jurisdiction: jurisdiction.code, cells }, 'indicator cells counted before jurisdiction packs are kept: their months are UTC months, from now on months are local');
  }
};
