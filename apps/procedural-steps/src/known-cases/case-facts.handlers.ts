import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { EntityManager } from 'typeorm';
import {
  CaseJoined, CaseJoinedV1, CaseResponsibilityAssigned, CaseResponsibilityAssignedV1, CaseTransferred, CaseTransferredV1, CloudEvent,
  PersonAddedToCase, PersonAddedToCaseV1, PersonMerged, PersonMergedV1, PersonRemovedFromCase, PersonRemovedFromCaseV1,
} from '@icjims/contracts';
import { BusContext, UnprocessableEventError } from '@icjims/messaging';
import { PersonState } from '../legal-order';
import { LeavingReason } from '../step-types/step-catalogue';
import { lockCaseHead } from '../steps/case-heads';
import { JournalWriter } from '../steps/journal-writer';
import { CasePerson } from './case-person.entity';
import { KnownCase } from './known-case.entity';
import { PersonAlias } from './person-alias.entity';
import { appendFact, StandingCarrier } from './standing-carrier';

/**
 * What case-registry decides about a case that the journal needs: who is in it, who is
 * responsible, where it belongs, whether it was joined into another. Case-registry
 * announces a case before anything else about it, so an unknown case id here is an event
 * that can never apply.
 */
export async function knownCase(manager: EntityManager, caseId: string, forUpdate = false): Promise<KnownCase> {
  // Locked, it comes with the state kept with its head, as every append needs it.
  const found = forUpdate ? (await lockCaseHead(manager, caseId))?.known : await manager.findOneBy(KnownCase, { caseId });
  if (!found) throw new UnprocessableEventError(`case ${caseId} is not known here`);
  return found;
}

function holdsActiveRole(manager: EntityManager, caseId: string, personId: string): Promise<boolean> {
  return manager.existsBy(CasePerson, { caseId, personId, active: true });
}

/**
 * The person's procedural standing in the journal, from the state kept with its head: none
 * when no effective step names them (or when the journal no longer replays, and so takes no step anyway).
 */
async function standingIn(journal: JournalWriter, manager: EntityManager, known: KnownCase, personId: string): Promise<PersonState | undefined> {
  return (await journal.stateOf(manager, known))?.persons[personId];
}

/**
 * A person with standing whose last active role ended has left the case: `person_left`, so
 * that the procedure goes on without them. Someone no step names (a witness, say) leaves no step.
 */
export async function recordLeaving(journal: JournalWriter, manager: EntityManager, known: KnownCase, personId: string, at: Date, reason: LeavingReason, toCaseId?: string): Promise<void> {
  if (await holdsActiveRole(manager, known.caseId, personId)) return;
  const person = await standingIn(journal, manager, known, personId);
  const details = { reason, ...(toCaseId && { toCaseId }) };
  if (person && !person.left) await appendFact(journal, manager, known, { stepType: 'person_left', occurredAt: at, personId, details });
}

/** A person the journal holds as gone who holds an active role again has returned, with the standing they had. */
export async function recordReturn(journal: JournalWriter, manager: EntityManager, known: KnownCase, personId: string, at: Date): Promise<void> {
  if (!(await holdsActiveRole(manager, known.caseId, personId))) return;
  if ((await standingIn(journal, manager, known, personId))?.left) await appendFact(journal, manager, known, { stepType: 'person_returned', occurredAt: at, personId, details: {} });
}

/** A person split off into a new case brings their standing from the case they were split off. */
@Controller()
export class PersonAddedHandler {
  constructor(
    private readonly journal: JournalWriter,
    private readonly carrier: StandingCarrier,
  ) {}

  @EventPattern(PersonAddedToCase.type)
  async onPersonAdded(@Payload() { data, time }: CloudEvent<PersonAddedToCaseV1>, @Ctx() { manager }: BusContext): Promise<void> {
    const known = await knownCase(manager, data.caseId, true);
    await manager.upsert(CasePerson, { caseId: data.caseId, personId: data.personId, role: data.role, active: true }, ['caseId', 'personId', 'role']);
    await recordReturn(this.journal, manager, known, data.personId, new Date(time));
    if (data.splitFromCaseId) await this.carrier.carry(manager, await knownCase(manager, data.splitFromCaseId), known, 'split', new Date(time), [data.personId]);
  }
}

@Controller()
export class PersonRemovedHandler {
  constructor(private readonly journal: JournalWriter) {}

  @EventPattern(PersonRemovedFromCase.type)
  async onPersonRemoved(@Payload() { data, time }: CloudEvent<PersonRemovedFromCaseV1>, @Ctx() { manager }: BusContext): Promise<void> {
    const known = await knownCase(manager, data.caseId, true);
    await manager.update(CasePerson, { caseId: data.caseId, personId: data.personId, role: data.role }, { active: false });
    await recordLeaving(this.journal, manager, known, data.personId, new Date(time), data.reason, data.toCaseId);
  }
}

/**
 * The merged id's steps become the survivor's: the case's state and clocks are folded again from
 * its journal, so that the survivor has the merged record's standing and its clocks run for the
 * survivor at once.
 */
@Controller()
export class PersonMergedHandler {
  constructor(private readonly journal: JournalWriter) {}

  @EventPattern(PersonMerged.type)
  async onPersonMerged(@Payload() { data, time }: CloudEvent<PersonMergedV1>, @Ctx() { manager }: BusContext): Promise<void> {
    const known = await knownCase(manager, data.caseId, true);
    await manager.upsert(PersonAlias, { mergedPersonId: data.mergedPersonId, survivingPersonId: data.survivingPersonId }, ['mergedPersonId']);
    // The merged id's roles become the surviving id's; a role both held is kept once.
    await manager.query(
      `INSERT INTO case_persons (case_id, person_id, role, active)
       SELECT case_id, $3, role, active FROM case_persons WHERE case_id = $1 AND person_id = $2
       ON CONFLICT (case_id, person_id, role) DO UPDATE SET active = case_persons.active OR excluded.active`,
      [data.caseId, data.mergedPersonId, data.survivingPersonId],
    );
    await manager.delete(CasePerson, { caseId: data.caseId, personId: data.mergedPersonId });
    await this.journal.refold(manager, known);
    // A survivor that had left is in the case again through the merged record's roles.
    await recordReturn(this.journal, manager, known, data.survivingPersonId, new Date(time));
  }
}

@Controller()
export class ResponsibilityAssignedHandler {
  @EventPattern(CaseResponsibilityAssigned.type)
  async onResponsibilityAssigned(@Payload() { data }: CloudEvent<CaseResponsibilityAssignedV1>, @Ctx() { manager }: BusContext): Promise<void> {
    await knownCase(manager, data.caseId);
    const column = data.responsibility === 'prosecutor' ? 'responsibleProsecutor' : 'responsibleInvestigator';
    await manager.update(KnownCase, { caseId: data.caseId }, { [column]: data.assignee });
  }
}

@Controller()
export class CaseTransferredHandler {
  @EventPattern(CaseTransferred.type)
  async onCaseTransferred(@Payload() { data }: CloudEvent<CaseTransferredV1>, @Ctx() { manager }: BusContext): Promise<void> {
    await knownCase(manager, data.caseId);
    await manager.update(KnownCase, { caseId: data.caseId }, { region: data.toRegion, ...(data.toAgency ? { agency: data.toAgency } : {}) });
  }
}

/**
 * A joined case's journal ends with the system step `case_joined`; nothing but corrections
 * follows. The standing of everyone still in it goes on in the case it was joined into.
 */
@Controller()
export class CaseJoinedHandler {
  constructor(
    private readonly journal: JournalWriter,
    private readonly carrier: StandingCarrier,
  ) {}

  @EventPattern(CaseJoined.type)
  async onCaseJoined(@Payload() { data, time }: CloudEvent<CaseJoinedV1>, @Ctx() { manager }: BusContext): Promise<void> {
    const known = await knownCase(manager, data.caseId, true);
    // A journal that is already finished takes no step; the join still holds for the case.
    const joined = await appendFact(this.journal, manager, known, { stepType: 'case_joined', occurredAt: new Date(time), details: { intoCaseId: data.intoCaseId } });
    await manager.update(KnownCase, { caseId: data.caseId }, { joinedInto: data.intoCaseId });
    if (joined) await this.carrier.carry(manager, known, await knownCase(manager, data.intoCaseId, true), 'join', new Date(time));
  }
}

export const CASE_FACT_HANDLERS = [
  PersonAddedHandler,
  PersonRemovedHandler,
  PersonMergedHandler,
  ResponsibilityAssignedHandler,
  CaseTransferredHandler,
  CaseJoinedHandler,
];
