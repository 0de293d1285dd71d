import { EntityManager } from 'typeorm';
import { Jurisdiction, JurisdictionPack } from '@icjims/jurisdiction';
import { AdoptJurisdiction, keepPrePackData } from '@icjims/platform';
import { applyRows, codeOf, recordChanges, REFERENCE_KINDS, ReferenceChange, ReferenceKind, ReferenceRow, sameRow, storedRows, upsertRows } from './reference-rows';

/** The pack's reference data as rows of the reference tables. */
export function packRows(pack: JurisdictionPack): Record<ReferenceKind, ReferenceRow[]> {
  const sections = new Map(pack.iccsSections.map((section) => [section.code, section.labels.en]));
  return {
    region: pack.regions.map(({ code, labels }) => ({ code, labels })),
    district: pack.regions.flatMap((region) => region.districts.map(({ code, labels }) => ({ region: region.code, code, labels }))),
    agency: pack.agencies.map(({ code, labels, kind }) => ({ code, labels, kind })),
    offence: pack.offences.map((offence) => ({
      article: offence.article,
      labels: offence.labels,
      severity: offence.severity,
      iccs_code: offence.iccsCode,
      iccs_section: `${offence.iccsCode.slice(0, 2)} ${sections.get(offence.iccsCode.slice(0, 2))}`,
      sexual_or_gender_based_violence: offence.sexualOrGenderBasedViolence,
    })),
    court: pack.courts.map(({ code, level, region, labels }) => ({ code, level, region: region ?? null, labels })),
  };
}

/** What the history and the log name a change by: "pack KG 2026.1". */
export function packSource(jurisdiction: Jurisdiction): string {
  return `pack ${jurisdiction.code} ${jurisdiction.pack.version}`;
}

/**
 * Takes the pack's regions, districts, agencies, offences and courts into the reference tables.
 *
 * - First start without cases: the EE sample the old migrations seeded goes, the pack's rows come.
 * - First start of an installation from before packs that holds cases: its cases use the EE
 *   sample, so only the EE pack can take it over (another pack is refused, nothing changes);
 *   rows an admin had changed (they differ from the pack) are kept and marked as the admin's.
 * - A new version of the pack: what it gained is added and what it changed is updated, except
 *   rows an admin changed, which are kept and logged as skipped. Rows the pack dropped stay:
 *   cases may use them.
 * Every change is recorded in reference_changes under the source "pack <code> <version>".
 */
export const adoptJurisdiction: AdoptJurisdiction = async (manager, jurisdiction, adoption, logger) => {
  const source = packSource(jurisdiction);
  const wanted = packRows(jurisdiction.pack);
  if (adoption.firstStart) {
    const [{ cases }]: { cases: number }[] = await manager.query(`SELECT count(*)::int AS cases FROM cases`);
    if (cases === 0) {
      await replaceSample(manager, wanted, source);
      logger.info({ jurisdiction: jurisdiction.code }, 'reference data loaded from the jurisdiction pack');
      return;
    }
    keepPrePackData('case-registry', cases, 'cases registered', jurisdiction);
  }
  const skipped = await mergePack(manager, wanted, source, adoption.firstStart);
  if (skipped.length) {
    logger.warn({ jurisdiction: jurisdiction.code, skipped }, 'reference rows an admin changed were kept; the pack’s version of them was not taken');
  }
  logger.info({ jurisdiction: jurisdiction.code, from: adoption.previousVersion }, 'reference data brought up to the jurisdiction pack');
};

async function replaceSample(manager: EntityManager, wanted: Record<ReferenceKind, ReferenceRow[]>, source: string): Promise<void> {
  // No case uses them, so neither does a counter; children first for the foreign keys.
  for (const table of ['case_number_counters', 'districts', 'agencies', 'offences', 'courts', 'regions']) await manager.query(`DELETE FROM ${table}`);
  const changes: ReferenceChange[] = [];
  for (const kind of REFERENCE_KINDS) {
    await upsertRows(manager, kind, wanted[kind], false);
    changes.push(...wanted[kind].map((row) => ({ kind, code: codeOf(kind, row), change: 'added' as const, before: null, after: row })));
  }
  await recordChanges(manager, source, changes);
}

/** Adds and updates the pack's rows, leaving an admin's alone; returns the ones left alone, e.g. "offence 209-1". */
async function mergePack(manager: EntityManager, wanted: Record<ReferenceKind, ReferenceRow[]>, source: string, claimingSample: boolean): Promise<string[]> {
  const skipped: string[] = [];
  const changes: ReferenceChange[] = [];
  for (const kind of REFERENCE_KINDS) {
    const stored = await storedRows(manager, kind);
    const taken: ReferenceRow[] = [];
    const adminRows: ReferenceRow[] = [];
    for (const row of wanted[kind]) {
      const before = stored.get(codeOf(kind, row));
      if (before && !sameRow(kind, before.row, row) && (before.changedByAdmin || (claimingSample && !sameButLabels(kind, before.row, row)))) {
        skipped.push(`${kind} ${codeOf(kind, row)}`);
        if (!before.changedByAdmin) adminRows.push(before.row);
      } else {
        taken.push(row);
      }
    }
    changes.push(...(await applyRows(manager, kind, taken, stored, false)));
    // A sample row that differs from the pack other than by its new languages was an admin's change before packs.
    await upsertRows(manager, kind, adminRows, true);
  }
  await recordChanges(manager, source, changes);
  return skipped;
}

/** Equal but for the labels the pack adds: the English one, and every other column, are the same. */
function sameButLabels(kind: ReferenceKind, stored: ReferenceRow, pack: ReferenceRow): boolean {
  const english = (row: ReferenceRow) => ({ ...row, labels: { en: (row.labels as { en: string }).en } });
  return sameRow(kind, english(stored), english(pack));
}
