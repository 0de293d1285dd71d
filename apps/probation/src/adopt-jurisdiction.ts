import { JurisdictionPackError } from '@icjims/jurisdiction';
import type { AdoptJurisdiction } from '@icjims/platform';

/** The country whose sample data installations from before packs ran on: their cases are in its regions. */
const SAMPLE_COUNTRY = 'EE';

/**
 * Probation takes no data from the pack; at an installation's first start under one it only
 * checks that the probation cases it already holds fit it. An installation from before packs
 * opened them in the EE sample's regions, starting on UTC dates: only the EE pack can take them
 * over (cases opened or amended from then on start on the pack's local dates).
 */
export const adoptJurisdiction: AdoptJurisdiction = async (manager, jurisdiction, adoption, logger) => {
  if (!adoption.firstStart) return;
  const [{ cases }]: { cases: number }[] = await manager.query(`SELECT count(*)::int AS cases FROM probation_cases`);
  if (cases === 0) return;
  const { code } = jurisdiction;
  if (code !== SAMPLE_COUNTRY) {
    throw new JurisdictionPackError(
      `probation holds ${cases} probation cases opened before jurisdiction packs, in the ${SAMPLE_COUNTRY} sample's regions, so it cannot take the ` +
        `${code} pack: start it with ICJIMS_JURISDICTION=${SAMPLE_COUNTRY} to keep them, or set up a new installation (another ICJIMS_DATA_DIR or ` +
        `database) for ${code}.`,
    );
  }
  logger.info({ jurisdiction: code, cases }, 'probation cases opened before jurisdiction packs are kept: they started on UTC dates, from now on dates are local');
};
