import ee from '../packs/ee.json';
import kg from '../packs/kg.json';
import kz from '../packs/kz.json';

/**
 * The packs shipped with the system, by code. They are imported (not read from disk) so that
 * webpack bundles them into each service's build; they are validated when loaded like any pack.
 */
export const BUILT_IN_PACKS: Readonly<Record<string, unknown>> = {
  KG: kg,
  KZ: kz,
  EE: ee,
};
