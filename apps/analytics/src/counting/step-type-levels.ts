import { EntityManager } from 'typeorm';

/*
 * Which step types are person-level, learned from the steps counted: a step that names a
 * person (personId) makes its type person-level for good. Analytics keeps no list of step
 * types of its own: they come from the jurisdiction's catalogue, through the events.
 */

/** Notes the level of a counted step's type, in the caller's (inbox) transaction; writes only what changes. */
export async function noteStepTypeLevel(manager: EntityManager, stepType: string, personLevel: boolean): Promise<void> {
  await manager.query(
    `INSERT INTO step_type_levels (step_type, person_level) VALUES ($1, $2)
     ON CONFLICT (step_type) DO UPDATE SET person_level = true WHERE EXCLUDED.person_level AND NOT step_type_levels.person_level`,
    [stepType, personLevel],
  );
}

/** The step types known to be case-level; any other (person-level, or never seen) is treated as person-level. */
export async function caseLevelStepTypes(manager: EntityManager): Promise<Set<string>> {
  const rows: { step_type: string }[] = await manager.query(`SELECT step_type FROM step_type_levels WHERE NOT person_level`);
  return new Set(rows.map((row) => row.step_type));
}
