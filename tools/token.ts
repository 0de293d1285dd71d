/**
 * Prints one bearer token that the embedded default accepts:
 *   npm run token -- --role prosecutor [--role investigator] [--sub ID] [--region CODE] [--office CODE] [--ttl SECONDS]
 * Reads (or creates) the signing key under ICJIMS_DATA_DIR (default .data), as the services do,
 * and warns when the region is not one of the pack ICJIMS_JURISDICTION_FILE or ICJIMS_JURISDICTION
 * names (default KG).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
// The libraries' own files, not their indexes, so that the command starts in a fraction of a
// second: the indexes would also load the NestJS guard (auth), every event class with
// class-validator (contracts) and the packs' validation, which needs both (jurisdiction).
import { loadOrCreateSigningKey } from '../libs/auth/src/signing-key';
import { issueLocalToken } from '../libs/auth/src/token-issuer';
import { isRole, NATIONAL_REGION, NATIONAL_ROLES, OFFICE_PATTERN, Role, ROLES } from '../libs/contracts/src/auth/roles';
import { packSource } from '../libs/jurisdiction/src/pack-source';

const USAGE = `usage: npm run token -- --role ROLE [--role ROLE …] [--sub ID] [--region CODE] [--office CODE] [--ttl SECONDS]
roles: ${ROLES.join(', ')}; --region is required except for ${NATIONAL_ROLES.join(', ')} (national when omitted)`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

/**
 * A warning, not a refusal: the token is still printed, since the installation may have been set
 * up under another pack than this shell's environment names (the services say which at start).
 * The pack is read, not validated (the services validate it): a pack without a list of regions
 * leaves the region unchecked.
 */
function warnUnlessPackRegion(region: string): void {
  let pack: { code?: unknown; regions?: unknown };
  let named: string;
  try {
    const source = packSource(process.env);
    pack = (source.candidate ?? {}) as typeof pack;
    named = source.file ? `ICJIMS_JURISDICTION_FILE=${source.file}` : 'ICJIMS_JURISDICTION';
  } catch (error) {
    process.stderr.write(`warning: region ${region} not checked: ${(error as Error).message}\n`);
    return;
  }
  if (!Array.isArray(pack.regions)) return;
  const known = pack.regions.map((other: { code?: unknown } | null) => other?.code).filter((code): code is string => typeof code === 'string');
  if (known.includes(region)) return;
  process.stderr.write(`warning: ${region} is not a region of the ${String(pack.code)} jurisdiction pack (${named}); its regions: ${known.join(', ')}\n`);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        role: { type: 'string', multiple: true },
        sub: { type: 'string' },
        region: { type: 'string' },
        office: { type: 'string' },
        ttl: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const roles = values.role ?? fail('--role is required');
  const unknown = roles.filter((role) => !isRole(role));
  if (unknown.length) fail(`unknown role(s): ${unknown.join(', ')}`);
  const region = values.region === NATIONAL_REGION ? undefined : values.region;
  if (!region && !roles.every((role) => NATIONAL_ROLES.includes(role as Role))) fail('--region is required for regional roles');
  if (region && !/^[A-Za-z0-9-]{1,16}$/.test(region)) fail(`invalid region "${region}"`);
  if (region) warnUnlessPackRegion(region);
  if (values.office !== undefined && !OFFICE_PATTERN.test(values.office)) fail(`invalid office "${values.office}" (upper-case letters, digits and hyphens)`);
  const ttlSeconds = values.ttl === undefined ? undefined : Number(values.ttl);
  if (ttlSeconds !== undefined && (!Number.isInteger(ttlSeconds) || ttlSeconds < 1)) fail('--ttl must be a positive number of seconds');

  const key = loadOrCreateSigningKey(resolve(process.env.ICJIMS_DATA_DIR || '.data'));
  const token = await issueLocalToken(key, { sub: values.sub ?? `${roles[0]}-1`, roles: roles as Role[], region, office: values.office, ttlSeconds });
  process.stdout.write(`${token}\n`);
}

void main();
