import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  CaseJoined, CaseJoinedV1, CaseResponsibilityAssigned, CaseResponsibilityAssignedV1, CaseTransferred, CaseTransferredV1, CloudEvent, DomainError,
  PersonAddedToCase, PersonAddedToCaseV1, PersonMerged, PersonMergedV1, PersonRemovedFromCase, PersonRemovedFromCaseV1,
} from '@icjims/contracts';
import { EventHandler, UnprocessableEventError } from '@icjims/messaging';
import { JournalWriter } from '../steps/journal-writer';
import { CasePerson } from './case-person.entity';
import { KnownCase } from './known-case.entity';
import { PersonAlias } from './person-alias.entity';

/**
 * What case-registry decides about a case that the journal needs: who is in it, who is
 * responsible, where it belongs, whether it was joined into another. Case-registry
 * announces a case before anything else about it, so an unknown case id here is an event
 * that can never apply.
 */
async function knownCase(manager: EntityManager, caseId: string, forUpdate = false): Promise<KnownCase> {
  const found = await manager.findOne(KnownCase, { where: { caseId }, ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  if (!found) throw new UnprocessableEventError(`case ${caseId} is not known here`);
  return found;
}

@Injectable()
export class PersonAddedHandler implements EventHandler<PersonAddedToCaseV1> {
  readonly event = PersonAddedToCase;

  async handle({ data }: CloudEvent<PersonAddedToCaseV1>, manager: EntityManager): Promise<void> {
    await knownCase(manager, data.caseId);
    await manager.upsert(CasePerson, { caseId: data.caseId, personId: data.personId, role: data.role, active: true }, ['caseId', 'personId', 'role']);
  }
}

@Injectable()
export class PersonRemovedHandler implements EventHandler<PersonRemovedFromCaseV1> {
  readonly event = PersonRemovedFromCase;

  async handle({ data }: CloudEvent<PersonRemovedFromCaseV1>, manager: EntityManager): Promise<void> {
    await knownCase(manager, data.caseId);
    await manager.update(CasePerson, { caseId: data.caseId, personId: data.personId, role: data.role }, { active: false });
  }
}

@Injectable()
export class PersonMergedHandler implements EventHandler<PersonMergedV1> {
  readonly event = PersonMerged;

  async handle({ data }: CloudEvent<PersonMergedV1>, manager: EntityManager): Promise<void> {
    await knownCase(manager, data.caseId);
    await manager.upsert(PersonAlias, { mergedPersonId: data.mergedPersonId, survivingPersonId: data.survivingPersonId }, ['mergedPersonId']);
    // The merged id's roles become the surviving id's; a role both held is kept once.
    await manager.query(
      `INSERT INTO case_persons (case_id, person_id, role, active)
       SELECT case_id, $3, role, active FROM case_persons WHERE case_id = $1 AND person_id = $2
       ON CONFLICT (case_id, person_id, role) DO UPDATE SET active = case_persons.active OR excluded.active`,
      [data.caseId, data.mergedPersonId, data.survivingPersonId],
    );
    await manager.delete(CasePerson, { caseId: data.caseId, personId: data.mergedPersonId });
  }
}

@Injectable()
export class ResponsibilityAssignedHandler implements EventHandler<CaseResponsibilityAssignedV1> {
  readonly event = CaseResponsibilityAssigned;

  async handle({ data }: CloudEvent<CaseResponsibilityAssignedV1>, manager: EntityManager): Promise<void> {
    await knownCase(manager, data.caseId);
    const column = data.responsibility === 'prosecutor' ? 'responsibleProsecutor' : 'responsibleInvestigator';
    await manager.update(KnownCase, { caseId: data.caseId }, { [column]: data.assignee });
  }
}

@Injectable()
export class CaseTransferredHandler implements EventHandler<CaseTransferredV1> {
  readonly event = CaseTransferred;

  async handle({ data }: CloudEvent<CaseTransferredV1>, manager: EntityManager): Promise<void> {
    await knownCase(manager, data.caseId);
    await manager.update(KnownCase, { caseId: data.caseId }, { region: data.toRegion, ...(data.toAgency ? { agency: data.toAgency } : {}) });
  }
}

/** A joined case's journal ends with the system step `case_joined`; nothing but corrections follows. */
@Injectable()
export class CaseJoinedHandler implements EventHandler<CaseJoinedV1> {
  readonly event = CaseJoined;

  constructor(private readonly journal: JournalWriter) {}

  async handle({ data, time }: CloudEvent<CaseJoinedV1>, manager: EntityManager): Promise<void> {
    const known = await knownCase(manager, data.caseId, true);
    try {
      await this.journal.append(manager, known, { stepType: 'case_joined', occurredAt: new Date(time), recordedBy: 'case-registry', details: { intoCaseId: data.intoCaseId } });
    } catch (error) {
      // A journal that is already finished takes no step; the join still holds for the case.
      if (!(error instanceof DomainError)) throw error;
    }
    await manager.update(KnownCase, { caseId: data.caseId }, { joinedInto: data.intoCaseId });
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
