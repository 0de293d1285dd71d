import { Inject, Injectable } from '@nestjs/common';
import { isNational, Principal } from '@icjims/auth';
import { ForbiddenError, InvalidInputError } from '@icjims/contracts';
import type { Jurisdiction } from '@icjims/jurisdiction';
import { UnitOfWork } from '@icjims/messaging';
import { JURISDICTION } from '@icjims/platform';
import { StepTypes } from '../step-types/step-types';
import { DeadlineRuleRecord } from './deadline-rule-record.entity';
import { DeadlineRule, deadlineRuleProblems } from './deadline-rules';
import { DeadlineTracker } from './deadline-tracker';
import { DeadlineRuleRecordDto } from './dto/deadline-rule.dto';

@Injectable()
export class DeadlineRulesService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly tracker: DeadlineTracker,
    @Inject(JURISDICTION) private readonly jurisdiction: Jurisdiction,
    private readonly stepTypes: StepTypes,
  ) {}

  list(): Promise<DeadlineRuleRecordDto[]> {
    return this.unitOfWork.run(async (manager) => (await manager.find(DeadlineRuleRecord, { order: { code: 'ASC' } })).map(toDto));
  }

  /**
   * Creates or replaces a rule and recomputes the clocks it runs now; other cases pick the
   * rule up at their next step.
   */
  put(code: string, body: unknown, principal: Principal): Promise<DeadlineRuleRecordDto> {
    if (!isNational(principal)) throw new ForbiddenError('deadline rules are national: only an admin without a region may change them');
    const problems = deadlineRuleProblems(body, { languages: this.jurisdiction.languages, stepTypes: this.stepTypes });
    if (!problems.length && (body as DeadlineRule).code !== code) problems.push({ field: 'code', reason: 'code must be the code in the path' });
    if (problems.length) throw new InvalidInputError(`The rule has ${problems.length} invalid field(s)`, problems);
    return this.unitOfWork.run(async (manager) => {
      const record = manager.create(DeadlineRuleRecord, { code, rule: body as DeadlineRule, updatedAt: new Date(), updatedBy: principal.sub });
      await manager.save(DeadlineRuleRecord, record);
      await this.tracker.retrack(manager, code);
      return toDto(record);
    });
  }
}

function toDto(record: DeadlineRuleRecord): DeadlineRuleRecordDto {
  return { rule: record.rule as DeadlineRuleRecordDto['rule'], updatedAt: record.updatedAt.toISOString(), updatedBy: record.updatedBy };
}
