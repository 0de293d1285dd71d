import { Logger } from 'pino';
import { EntityManager } from 'typeorm';
import { Jurisdiction, JurisdictionPackError } from '@icjims/jurisdiction';
import { keepPrePackData, PackAdoption } from '@icjims/platform';
import { deadlineRuleProblems, RuleCheckOptions } from './deadline-rules';
import { rulesOfPack } from './pack-deadline-rules';

/** `updated_by` of the rules migration 220 seeded (the Estonian sample, from before packs). */
export const SAMPLE_SEED = 'sample-seed';

/** `updated_by` of the rules a pack brought, e.g. "jurisdiction-pack KG 2026.1". */
export const packSeed = (jurisdiction: Pick<Jurisdiction, 'code' | 'pack'>): string => `jurisdiction-pack ${jurisdiction.code} ${jurisdiction.pack.version}`;

/**
 * The pack's deadline rules into the rules table. At the first start they replace the sample
 * rules migration 220 seeded, unless a clock has started under those (an installation from
 * before packs: the sample rules stay, and so do the clocks). A rule already stored — an
 * admin's, or one an earlier version of the pack brought — is never overwritten: a new pack
 * version only adds the rules it did not have. Each rule it adds is recorded as a version too
 * (deadline_rule_versions, append-only), so the history of every rule starts with where it came from.
 */
export async function adoptDeadlineRules(
  manager: EntityManager,
  jurisdiction: Jurisdiction,
  adoption: PackAdoption,
  logger: Logger,
  options: Omit<RuleCheckOptions, 'languages'> = {},
): Promise<void> {
  const rules = rulesOfPack(jurisdiction.pack);
  const problems = rules.flatMap((rule) =>
    deadlineRuleProblems(rule, { ...options, languages: jurisdiction.languages }).map((problem) => `deadlineRules ${rule.code}: ${problem.reason}`),
  );
  if (problems.length) throw new JurisdictionPackError(`procedural-steps cannot run the deadline rules of the pack ${jurisdiction.code}:\n  - ${problems.join('\n  - ')}`);

  if (adoption.firstStart) await replaceSampleRules(manager, jurisdiction, logger);
  const stored = new Set((await manager.query(`SELECT code FROM deadline_rules`) as { code: string }[]).map((row) => row.code));
  const added = rules.filter((rule) => !stored.has(rule.code));
  for (const rule of added) {
    const params = [rule.code, JSON.stringify(rule), packSeed(jurisdiction)];
    await manager.query(`INSERT INTO deadline_rules (code, rule, updated_by) VALUES ($1, $2, $3)`, params);
    // Its next version (a sample rule it replaces keeps its own in the history), applying since
    // the epoch like the rules a pack brings always did: to every clock it starts.
    await manager.query(
      `INSERT INTO deadline_rule_versions (code, version, rule, applies_from, updated_at, updated_by)
       SELECT $1, COALESCE(max(version), 0) + 1, $2, 'epoch', now(), $3 FROM deadline_rule_versions WHERE code = $1`,
      params,
    );
  }
  const kept = rules.filter((rule) => stored.has(rule.code)).map((rule) => rule.code);
  logger.info({ jurisdiction: jurisdiction.code, added: added.map((rule) => rule.code), keptAsStored: kept }, 'deadline rules of the jurisdiction pack taken in');
}

/**
 * An installation from before packs holds the Estonian sample: its journals can only be read
 * under the EE pack, and a clock running under a sample rule keeps that rule.
 */
async function replaceSampleRules(manager: EntityManager, jurisdiction: Jurisdiction, logger: Logger): Promise<void> {
  const [{ cases }]: { cases: number }[] = await manager.query(`SELECT count(*)::int AS cases FROM known_cases`);
  keepPrePackData('procedural-steps', cases, 'case journals recorded', jurisdiction);
  const running: { code: string }[] = await manager.query(
    `SELECT DISTINCT r.code FROM deadline_rules r JOIN deadlines d ON d.rule_code = r.code WHERE r.updated_by = $1 ORDER BY r.code`,
    [SAMPLE_SEED],
  );
  if (running.length) {
    logger.info({ clocksUnder: running.map((row) => row.code) }, 'kept the sample deadline rules: clocks have started under them');
    return;
  }
  await manager.query(`DELETE FROM deadline_rules WHERE updated_by = $1`, [SAMPLE_SEED]);
}
