import { EntityManager } from 'typeorm';
import { sendWithNext } from '@icjims/persistence';

/*
 * Which step types are person-level, learned from the steps counted: a step that names a
 * person (personId) makes its type person-level for good. Analytics keeps no list of step
 * types of its own: they come from the jurisdiction's catalogue, through the events.
 */

/** Notes the levels of counted steps' types (one statement for all, sent with the next), in the caller's (inbox) transaction; writes only what changes. */
export async function noteStepTypeLevels(manager: EntityManager, steps: readonly { stepType: string; personLevel: boolean }[]): Promise<void> {
  if (!steps.length) return;
  await sendWithNext(
    manager,
    `INSERT INTO step_type_levels (step_type, person_level)
     SELECT step_type, bool_or(person_level) FROM unnest($1::text[], $2::boolean[]) AS s(step_type, person_level) GROUP BY step_type ORDER BY step_type
     ON CONFLICT (step_type) DO UPDATE SET person_level = true WHERE EXCLUDED.person_level AND NOT step_type_levels.person_level`,
    [steps.map((step) => step.stepType), steps.map((step) => step.personLevel)],
  );
}

/** The step types known to be case-level; any other (person-level, or never seen) is treated as person-level. */
export async function caseLevelStepTypes(manager: EntityManager): Promise<Set<string>> {
  const rows: { step_type: string }[] = await manager.query(`SELECT step_type FROM step_type_levels WHERE NOT person_level`);
  return new Set(rows.map((row) => row.step_type));
}
