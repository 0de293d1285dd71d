import ee from '../packs/ee.json';

/**
 * The packs shipped with the system, by code. They are imported (not read from disk) so that
 * webpack bundles them into each service's build; they are validated when loaded like any pack.
 */
export const BUILT_IN_PACKS: Readonly<Record<string, unknown>> = {
  EE: ee,
};
