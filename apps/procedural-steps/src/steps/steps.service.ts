import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { assertRegionAccess, hasAnyRole, Principal } from '@icjims/auth';
import { ForbiddenError, InvalidInputError, NotFoundError, StepRecorded } from '@icjims/contracts';
import { EventOutbox, UnitOfWork } from '@icjims/messaging';
import { EntityManager } from 'typeorm';
import { KnownCase } from '../known-cases/known-case.entity';
import { stepTypeSpec } from '../step-types/step-catalogue';
import { RecordStepDto } from './dto/record-step.dto';
import { StepDto } from './dto/step.dto';
import { ProceduralStep } from './step.entity';
import { detailProblems, occurredAtProblems, personProblems, StepDetails } from './step-rules';

@Injectable()
export class StepsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly outbox: EventOutbox,
  ) {}

  /** Appends a step to the case's journal; the case row is locked so sequences never collide. */
  async record(caseId: string, command: RecordStepDto, principal: Principal): Promise<StepDto> {
    const spec = stepTypeSpec(command.stepType);
    if (!spec) throw new InvalidInputError('unknown step type', [{ field: 'stepType', reason: 'stepType must be a code from GET /api/v1/step-types' }]);
    if (!hasAnyRole(principal, spec.roles)) throw new ForbiddenError(`${spec.code} may be recorded by: ${spec.roles.join(', ')}`);
    const details = command.details ?? {};

    return this.unitOfWork.run(async (manager) => {
      const known = await this.lockCase(manager, caseId);
      assertRegionAccess(principal, known.region);
      const occurredAt = new Date(command.occurredAt);
      const problems = [
        ...occurredAtProblems(occurredAt, known.receivedAt, new Date()),
        ...personProblems(spec, command.personId),
        ...detailProblems(spec, details),
      ];
      if (problems.length) throw new InvalidInputError(`The step has ${problems.length} invalid field(s)`, problems);

      known.version += 1;
      const step = manager.create(ProceduralStep, {
        id: randomUUID(),
        caseId,
        sequence: known.version,
        stepType: spec.code,
        occurredAt,
        recordedAt: new Date(),
        recordedBy: principal.sub,
        personId: command.personId ?? null,
        details: details as StepDetails,
      });
      await manager.update(KnownCase, { caseId }, { version: known.version });
      await manager.insert(ProceduralStep, step);
      await this.outbox.record(manager, StepRecorded, caseId, {
        stepId: step.id,
        caseId,
        region: known.region,
        sequence: step.sequence,
        stepType: step.stepType,
        occurredAt: step.occurredAt.toISOString(),
        recordedAt: step.recordedAt.toISOString(),
        recordedBy: step.recordedBy,
        personId: step.personId ?? undefined,
        details: step.details,
      });
      return toDto(step);
    });
  }

  /** The case's journal in order. */
  async list(caseId: string, principal: Principal): Promise<StepDto[]> {
    return this.unitOfWork.run(async (manager) => {
      const known = await manager.findOneBy(KnownCase, { caseId });
      if (!known) throw new NotFoundError(`case ${caseId} is not known`);
      assertRegionAccess(principal, known.region);
      const steps = await manager.find(ProceduralStep, { where: { caseId }, order: { sequence: 'ASC' } });
      return steps.map(toDto);
    });
  }

  private async lockCase(manager: EntityManager, caseId: string): Promise<KnownCase> {
    const known = await manager.findOne(KnownCase, { where: { caseId }, lock: { mode: 'pessimistic_write' } });
    if (!known) throw new NotFoundError(`case ${caseId} is not known (not registered, or its registration has not arrived yet)`);
    return known;
  }
}

function toDto(step: ProceduralStep): StepDto {
  return {
    id: step.id,
    caseId: step.caseId,
    sequence: step.sequence,
    stepType: step.stepType,
    occurredAt: step.occurredAt.toISOString(),
    recordedAt: step.recordedAt.toISOString(),
    recordedBy: step.recordedBy,
    personId: step.personId,
    details: step.details,
  };
}
