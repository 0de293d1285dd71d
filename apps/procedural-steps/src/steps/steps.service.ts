import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { assertRegionAccess, hasAnyRole, Principal } from '@icjims/auth';
import { ConflictError, FieldProblem, ForbiddenError, InvalidInputError, NotFoundError, RuleViolationError } from '@icjims/contracts';
import { assertExpectedVersion, expectedVersionOf } from '@icjims/journal';
import { UnitOfWork } from '@icjims/messaging';
import { Jurisdiction } from '@icjims/jurisdiction';
import { JURISDICTION, noteConsultedPersons } from '@icjims/platform';
import { CasePerson } from '../known-cases/case-person.entity';
import { KnownCase } from '../known-cases/known-case.entity';
import { StepTypeSpec } from '../step-types/step-catalogue';
import { StepTypes } from '../step-types/step-types';
import { StepDto } from './dto/step.dto';
import { CorrectionDto, RecordStepDto } from './dto/record-step.dto';
import { JournalWriter } from './journal-writer';
import { readableJournal } from './journal-reader';
import { lockCaseHead, MembershipAsked } from './case-heads';
import { personsNamedBy } from './persons-named';
import { ProceduralStep } from './step.entity';
import { detailProblems, occurredAtProblems, personProblems, recordingProblems, StepDetails } from './step-rules';
import { toStepDto } from './step-dto.mapper';
import { Correction, STEP_RULES } from '../legal-order';

@Injectable()
export class StepsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly journal: JournalWriter,
    private readonly stepTypes: StepTypes,
    private readonly dataSource: DataSource,
    @Inject(JURISDICTION) private readonly jurisdiction: Jurisdiction,
  ) {}

  /**
   * Appends a step to the case's journal. The case row is locked for the transaction, so
   * concurrent appends take turns and the second sees the first's version.
   */
  async record(caseId: string, command: RecordStepDto, principal: Principal, ifMatch?: string, language = 'en'): Promise<StepDto> {
    const spec = recordableSpec(this.stepTypes.spec(command.stepType), principal);
    const expectedVersion = expectedVersionOf(command.expectedVersion, ifMatch);
    const details = (command.details ?? {}) as StepDetails;
    const formProblems = correctionShapeProblems(spec, command.correction);

    return this.unitOfWork.run(async (manager) => {
      // A person who left the case may still be released there, or have a measure lifted: no restriction is left running with no way to end it.
      const formerMembersToo = STEP_RULES[spec.code]?.mayNameLeftPerson === true;
      const { known, member } = await this.lockCase(manager, caseId, command.personId ? { personId: command.personId, formerMembersToo } : undefined);
      assertRegionAccess(principal, known.region);
      // The joined journal is history: only a correction of what it holds may still be recorded.
      if (known.joinedInto && spec.code !== 'correction') {
        throw new ConflictError(`case ${caseId} was joined into case ${known.joinedInto}; record steps there (case-finished)`);
      }
      assertExpectedVersion(known, expectedVersion);
      const occurredAt = new Date(command.occurredAt);
      const problems: FieldProblem[] = [
        ...formProblems,
        ...occurredAtProblems(occurredAt, known.receivedAt, new Date()),
        ...personProblems(spec, command.personId),
        ...detailProblems(spec, details),
        ...recordingProblems(spec, details, this.stepTypes.today(new Date())),
        ...(member === false ? [notAPerson('personId')] : []),
        ...(command.correction ? await this.correctionProblems(manager, known, command.correction, principal) : []),
      ];
      if (problems.length) throw new InvalidInputError(`The step has ${problems.length} invalid field(s)`, problems);

      const step = await this.journal.append(manager, known, {
        stepType: spec.code,
        occurredAt,
        recordedBy: principal.sub,
        ...(command.personId ? { personId: command.personId } : {}),
        details,
        ...(command.correction ? { correction: toCorrection(command.correction) } : {}),
      }, language);
      return toStepDto(step, this.jurisdiction);
    });
  }

  /** The case's journal in order, and its version (for If-Match). */
  async list(caseId: string, principal: Principal): Promise<{ steps: StepDto[]; version: number }> {
    const { known, steps } = await readableJournal(this.dataSource.manager, caseId, principal);
    noteConsultedPersons(personsNamedBy(steps));
    return { steps: steps.map((step) => toStepDto(step, this.jurisdiction)), version: known.version };
  }

  /**
   * The case's head locked with its kept state, in one statement that also says whether the
   * person the step names has a role in the case (or had one, for a step that ends a restriction).
   */
  private async lockCase(manager: EntityManager, caseId: string, asked?: MembershipAsked): Promise<{ known: KnownCase; member?: boolean }> {
    const locked = await lockCaseHead(manager, caseId, asked);
    if (!locked) throw new NotFoundError(`case ${caseId} is not known (not registered, or its registration has not arrived yet)`);
    return locked;
  }

  /** A person-level step names a person who has a role in the case. */
  private async membershipProblems(manager: EntityManager, caseId: string, personId: string | undefined, field: string): Promise<FieldProblem[]> {
    if (!personId) return [];
    return (await manager.existsBy(CasePerson, { caseId, personId, active: true })) ? [] : [notAPerson(field)];
  }

  /**
   * The corrected step belongs to this case, its type is one the recorder may record, and
   * the amended values fit it. Whether the corrected journal still holds is the legal order's call.
   */
  private async correctionProblems(manager: EntityManager, known: KnownCase, correction: CorrectionDto, principal: Principal): Promise<FieldProblem[]> {
    const corrected = await manager.findOneBy(ProceduralStep, { id: correction.correctsStepId, caseId: known.caseId });
    if (!corrected) return [{ field: 'correction.correctsStepId', reason: 'correction.correctsStepId must be a step of this case' }];
    const spec = this.stepTypes.spec(corrected.stepType) as StepTypeSpec;
    if (spec.roles.length && !hasAnyRole(principal, spec.roles)) throw new ForbiddenError(`a ${spec.code} step may be corrected by: ${spec.roles.join(', ')}`);
    if (correction.action === 'annul') return [];
    const prefix = (problems: FieldProblem[]) => problems.map(({ field, reason }) => ({ field: `correction.${field}`, reason: `correction.${reason}` }));
    return [
      ...(correction.occurredAt ? prefix(occurredAtProblems(new Date(correction.occurredAt), known.receivedAt, new Date())) : []),
      ...(correction.details ? prefix(detailProblems(spec, correction.details as StepDetails)) : []),
      ...(correction.personId ? prefix(personProblems(spec, correction.personId)) : []),
      ...(await this.membershipProblems(manager, known.caseId, correction.personId, 'correction.personId')),
    ];
  }
}

function notAPerson(field: string): FieldProblem {
  return { field, reason: `${field} is not a person of this case (added in case-registry, or the addition has not arrived yet)` };
}

/** The step type, if this principal may record it over the API. */
function recordableSpec(spec: StepTypeSpec | undefined, principal: Principal): StepTypeSpec {
  if (!spec) throw new InvalidInputError('unknown step type', [{ field: 'stepType', reason: 'stepType must be a code from GET /api/v1/step-types' }]);
  if (!spec.roles.length) throw new RuleViolationError(`${spec.code} is recorded by the system, not over the API`);
  if (!hasAnyRole(principal, spec.roles)) throw new ForbiddenError(`${spec.code} may be recorded by: ${spec.roles.join(', ')}`);
  return spec;
}

/** A correction step carries a correction; no other step does; an amendment changes something. */
function correctionShapeProblems(spec: StepTypeSpec, correction: CorrectionDto | undefined): FieldProblem[] {
  if (spec.code === 'correction' && !correction) return [{ field: 'correction', reason: 'correction is required for a correction step' }];
  if (spec.code !== 'correction' && correction) return [{ field: 'correction', reason: `correction is not a field of ${spec.code}` }];
  if (correction?.action === 'amend' && !correction.occurredAt && !correction.personId && !correction.details) {
    return [{ field: 'correction', reason: 'an amendment must give occurredAt, personId or details' }];
  }
  if (correction?.action === 'annul' && (correction.occurredAt || correction.personId || correction.details)) {
    return [{ field: 'correction', reason: 'an annulment takes no corrected values' }];
  }
  return [];
}

function toCorrection({ correctsStepId, reason, action, occurredAt, personId, details }: CorrectionDto): Correction {
  if (action === 'annul') return { correctsStepId, reason, action };
  return {
    correctsStepId,
    reason,
    action,
    ...(occurredAt ? { occurredAt: new Date(occurredAt) } : {}),
    ...(personId ? { personId } : {}),
    ...(details ? { details: details as StepDetails } : {}),
  };
}
