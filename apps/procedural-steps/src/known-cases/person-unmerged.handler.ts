import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CloudEvent, PersonRoleHeld, PersonUnmerged, PersonUnmergedV1 } from '@icjims/contracts';
import { BusContext } from '@icjims/messaging';
import { JournalWriter } from '../steps/journal-writer';
import { knownCase, recordLeaving, recordReturn } from './case-facts.handlers';

/**
 * A wrong merge undone in case-registry: the restored id no longer stands for the surviving
 * one, so steps recorded under it are its own again. The alias goes (when it still points at
 * that survivor: a later merge of the record may have set another), both ids' roles in the
 * case become what the event states, and the case's state and clocks are folded again, since the persons
 * the effective journal names changed (a clock keeps its row; its person follows the step).
 * Setting state from the event makes a replay change nothing.
 */
@Controller()
export class PersonUnmergedHandler {
  constructor(private readonly journal: JournalWriter) {}

  @EventPattern(PersonUnmerged.type)
  async onPersonUnmerged(@Payload() { data, time }: CloudEvent<PersonUnmergedV1>, @Ctx() { manager }: BusContext): Promise<void> {
    // The case first, as every handler of case facts takes it: steps appended meanwhile queue behind.
    const known = await knownCase(manager, data.caseId, true);
    await manager.query(`DELETE FROM person_aliases WHERE merged_person_id = $1 AND surviving_person_id = $2`, [data.restoredPersonId, data.survivingPersonId]);
    const held = [...rows(data.survivingPersonId, data.survivingRoles), ...rows(data.restoredPersonId, data.restoredRoles)];
    // One statement: the rows the event lists are upserted, the others of the two ids deleted (disjoint rows).
    await manager.query(
      `WITH held (person_id, role, active) AS (SELECT * FROM unnest($4::uuid[], $5::text[], $6::boolean[])),
       gone AS (
         DELETE FROM case_persons c WHERE c.case_id = $1 AND c.person_id IN ($2, $3)
           AND NOT EXISTS (SELECT 1 FROM held WHERE held.person_id = c.person_id AND held.role = c.role)
       )
       INSERT INTO case_persons (case_id, person_id, role, active) SELECT $1, person_id, role, active FROM held
       ON CONFLICT (case_id, person_id, role) DO UPDATE SET active = excluded.active`,
      [data.caseId, data.survivingPersonId, data.restoredPersonId, held.map((row) => row.personId), held.map((row) => row.role), held.map((row) => row.active)],
    );
    // The steps under the restored id are its own again: the state and the clocks are folded again from the journal.
    await this.journal.refold(manager, known);
    // Each record's presence follows its roles now: one left without any leaves, one given back its own returns.
    await recordLeaving(this.journal, manager, known, data.survivingPersonId, new Date(time), 'removed');
    await recordReturn(this.journal, manager, known, data.restoredPersonId, new Date(time));
  }
}

function rows(personId: string, roles: PersonRoleHeld[]): { personId: string; role: string; active: boolean }[] {
  return roles.map(({ role, active }) => ({ personId, role, active }));
}
