import { JurisdictionPackError } from '@icjims/jurisdiction';
import type { AdoptJurisdiction } from '@icjims/platform';

/** The country whose sample data installations from before packs ran on: their events named its regions. */
const SAMPLE_COUNTRY = 'EE';

/**
 * Analytics takes no data from the pack; at an installation's first start under one it only
 * checks that the counts it already holds fit it. An installation from before packs counted
 * the EE sample's regions, in UTC months: only the EE pack can take those counts over (the
 * months counted from then on are the pack's local months).
 */
export const adoptJurisdiction: AdoptJurisdiction = async (manager, jurisdiction, adoption, logger) => {
  if (!adoption.firstStart) return;
  const [{ cells }]: { cells: number }[] = await manager.query(`SELECT count(*)::int AS cells FROM activity_counts`);
  if (cells === 0) return;
  const { code } = jurisdiction;
  if (code !== SAMPLE_COUNTRY) {
    throw new JurisdictionPackError(
      `analytics holds ${cells} indicator cells counted before jurisdiction packs, from events of the ${SAMPLE_COUNTRY} sample's regions, so it cannot ` +
        `take the ${code} pack: start it with ICJIMS_JURISDICTION=${SAMPLE_COUNTRY} to keep these counts, or set up a new installation (another ` +
        `ICJIMS_DATA_DIR or database) for ${code}.`,
    );
  }
  logger.info({ jurisdiction: code, cells }, 'indicator cells counted before jurisdiction packs are kept: their months are UTC months, from now on months are local');
};
