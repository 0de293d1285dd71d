import { Injectable } from '@nestjs/common';
import { Principal } from '@icjims/auth';
import { CaseResponsibilityAssigned, Responsibility } from '@icjims/contracts';
import { EventOutbox, UnitOfWork } from '@icjims/messaging';
import { findAccessibleCase } from '../cases/case-access';
import { CriminalCase } from '../cases/case.entity';
import { CaseAssignment } from './case-assignment.entity';
import { AssignResponsibleDto } from './dto/assign-responsible.dto';
import { AssignmentDto } from './dto/assignment.dto';
import { decideAssignment } from './responsibility-rules';

const CASE_COLUMN = { prosecutor: 'responsibleProsecutor', investigator: 'responsibleInvestigator' } as const satisfies Record<Responsibility, keyof CriminalCase>;

@Injectable()
export class ResponsibilityService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly outbox: EventOutbox,
  ) {}

  /** Makes `assignee` responsible; repeating the current assignment changes nothing and answers it again. */
  assign(caseId: string, responsibility: Responsibility, command: AssignResponsibleDto, principal: Principal): Promise<AssignmentDto> {
    return this.unitOfWork.run(async (manager) => {
      const found = await findAccessibleCase(manager, caseId, principal, true);
      const responsible = { prosecutor: found.responsibleProsecutor, investigator: found.responsibleInvestigator };
      const decision = decideAssignment({ status: found.status, responsible }, responsibility, command.assignee);
      if (!decision.change) {
        return toDto(await manager.findOneOrFail(CaseAssignment, { where: { caseId, responsibility }, order: { id: 'DESC' } }));
      }
      const assignment = manager.create(CaseAssignment, {
        caseId,
        responsibility,
        assignee: command.assignee,
        previousAssignee: decision.previousAssignee,
        reason: command.reason ?? null,
        assignedBy: principal.sub,
        assignedAt: new Date(),
      });
      await manager.insert(CaseAssignment, assignment);
      await manager.update(CriminalCase, { id: caseId }, { [CASE_COLUMN[responsibility]]: command.assignee });
      // The reason stays here: it is free text.
      await this.outbox.record(manager, CaseResponsibilityAssigned, caseId, {
        caseId,
        region: found.region,
        responsibility,
        assignee: command.assignee,
        previousAssignee: decision.previousAssignee ?? undefined,
      });
      return toDto(assignment);
    });
  }

  history(caseId: string, principal: Principal): Promise<AssignmentDto[]> {
    return this.unitOfWork.run(async (manager) => {
      await findAccessibleCase(manager, caseId, principal);
      return (await manager.find(CaseAssignment, { where: { caseId }, order: { id: 'ASC' } })).map(toDto);
    });
  }
}

function toDto(assignment: CaseAssignment): AssignmentDto {
  return {
    caseId: assignment.caseId,
    responsibility: assignment.responsibility,
    assignee: assignment.assignee,
    previousAssignee: assignment.previousAssignee,
    reason: assignment.reason,
    assignedBy: assignment.assignedBy,
    assignedAt: assignment.assignedAt.toISOString(),
  };
}
