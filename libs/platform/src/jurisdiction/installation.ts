import { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { Jurisdiction, JurisdictionPackError } from '@icjims/jurisdiction';

/** Why a service is asked to take in its pack's data. */
export interface PackAdoption {
  /** The installation's first start under a pack: a new installation, or one from before packs. */
  firstStart: boolean;
  /** The pack version recorded before, when the same country's pack has a new version now. */
  previousVersion?: string;
}

/**
 * Takes in what the service keeps of the pack (reference data, deadline rules …), in the
 * transaction that records the pack: throwing refuses the start and records nothing.
 */
export type AdoptJurisdiction = (manager: EntityManager, jurisdiction: Jurisdiction, adoption: PackAdoption, logger: Logger) => Promise<void>;

/**
 * Records the pack at the service's first start and refuses a later start under another one:
 * case numbers, months and deadlines were counted under the first pack's rules and zone. A
 * new version of the same pack is taken (and logged): the pack's data changed, not the
 * country. The row is locked meanwhile, so concurrent instances of one service adopt once.
 */
export async function pinJurisdiction(dataSource: DataSource, jurisdiction: Jurisdiction, logger: Logger, adopt?: AdoptJurisdiction): Promise<PackAdoption> {
  const { code, pack } = jurisdiction;
  return dataSource.transaction(async (manager) => {
    const [inserted]: unknown[] = await manager.query(
      `INSERT INTO installation (jurisdiction, pack_version) VALUES ($1, $2) ON CONFLICT (singleton) DO NOTHING RETURNING jurisdiction`,
      [code, pack.version],
    );
    if (inserted) {
      await adopt?.(manager, jurisdiction, { firstStart: true }, logger);
      logger.info({ jurisdiction: code, packVersion: pack.version }, 'installation recorded under this jurisdiction pack');
      return { firstStart: true };
    }
    const [installed]: { jurisdiction: string; pack_version: string; recorded_at: Date }[] = await manager.query(
      `SELECT jurisdiction, pack_version, recorded_at FROM installation FOR UPDATE`,
    );
    if (installed.jurisdiction !== code) {
      throw new JurisdictionPackError(
        `This installation was set up on ${installed.recorded_at.toISOString().slice(0, 10)} under the jurisdiction pack ${installed.jurisdiction}, ` +
          `but the pack configured now is ${code} (ICJIMS_JURISDICTION / ICJIMS_JURISDICTION_FILE). Case numbers, months and deadlines depend on the ` +
          `pack, so it cannot change: start with ICJIMS_JURISDICTION=${installed.jurisdiction}, or set up a new installation (another ICJIMS_DATA_DIR ` +
          `or database) for ${code}.`,
      );
    }
    if (installed.pack_version === pack.version) return { firstStart: false };
    const adoption = { firstStart: false, previousVersion: installed.pack_version };
    await adopt?.(manager, jurisdiction, adoption, logger);
    await manager.query(`UPDATE installation SET pack_version = $1, updated_at = now()`, [pack.version]);
    logger.info({ jurisdiction: code, from: installed.pack_version, to: pack.version }, 'jurisdiction pack version changed');
    return adoption;
  });
}

/** The country whose sample data the migrations of installations from before packs seeded. */
export const PRE_PACK_COUNTRY = 'EE';

/**
 * At the first start under a pack of an installation from before packs: data the service already
 * holds (`held` of `what`, e.g. "cases registered") was recorded against the EE sample, so only the
 * EE pack can take it over. Throws for another pack; true when there is such data (and the pack is EE).
 */
export function keepPrePackData(service: string, held: number, what: string, jurisdiction: Jurisdiction): boolean {
  if (held === 0) return false;
  if (jurisdiction.code !== PRE_PACK_COUNTRY) {
    throw new JurisdictionPackError(
      `${service} holds ${held} ${what} before jurisdiction packs, against the ${PRE_PACK_COUNTRY} sample data, so it cannot take the ` +
        `${jurisdiction.code} pack: start it with ICJIMS_JURISDICTION=${PRE_PACK_COUNTRY} to keep them, or set up a new installation ` +
        `(another ICJIMS_DATA_DIR or database) for ${jurisdiction.code}.`,
    );
  }
  return true;
}
