import { Inject, Injectable } from '@nestjs/common';
import { isNational, Principal } from '@icjims/auth';
import { ForbiddenError, InvalidInputError, NotFoundError } from '@icjims/contracts';
import type { Jurisdiction } from '@icjims/jurisdiction';
import { UnitOfWork } from '@icjims/messaging';
import { JURISDICTION } from '@icjims/platform';
import { StepTypes } from '../step-types/step-types';
import { DeadlineRuleRecord } from './deadline-rule-record.entity';
import { DeadlineRuleVersion } from './deadline-rule-version.entity';
import { DeadlineRule, deadlineRuleProblems } from './deadline-rules';
import { DeadlineTracker } from './deadline-tracker';
import { DeadlineRuleRecordDto, DeadlineRuleVersionDto } from './dto/deadline-rule.dto';

/** An instant with its offset, e.g. 2026-12-01T00:00:00+06:00 (Date alone would take "5" for the year 2005). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

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

  /** Every version of a rule, newest first. */
  versions(code: string): Promise<DeadlineRuleVersionDto[]> {
    return this.unitOfWork.run(async (manager) => {
      const versions = await manager.find(DeadlineRuleVersion, { where: { code }, order: { version: 'DESC' } });
      if (!versions.length) throw new NotFoundError(`no deadline rule ${code}`);
      return versions.map(toVersionDto);
    });
  }

  /**
   * Creates or replaces a rule as a new version applying from `appliesFrom` (now when not
   * given; never before the latest version's), and recomputes the clocks started since then;
   * clocks that started before keep their version. Other cases pick it up at their next step.
   */
  put(code: string, body: unknown, principal: Principal, appliesFromParam?: string): Promise<DeadlineRuleRecordDto> {
    if (!isNational(principal)) throw new ForbiddenError('deadline rules are national: only an admin without a region may change them');
    const problems = deadlineRuleProblems(body, { languages: this.jurisdiction.languages, stepTypes: this.stepTypes });
    if (!problems.length && (body as DeadlineRule).code !== code) problems.push({ field: 'code', reason: 'code must be the code in the path' });
    const now = new Date();
    const appliesFrom = appliesFromParam === undefined ? now : new Date(appliesFromParam);
    if (appliesFromParam !== undefined && (!INSTANT.test(appliesFromParam) || Number.isNaN(appliesFrom.getTime()))) {
      problems.push({ field: 'appliesFrom', reason: 'appliesFrom must be a date-time with its offset, e.g. 2026-12-01T00:00:00+06:00' });
    }
    if (problems.length) throw new InvalidInputError(`The rule has ${problems.length} invalid field(s)`, problems);
    return this.unitOfWork.run(async (manager) => {
      // One change of a rule at a time: the next version number and the order of appliesFrom hold.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('deadline-rule:' || $1))`, [code]);
      const [latest]: { version: number; applies_from: Date }[] = await manager.query(
        `SELECT version, applies_from FROM deadline_rule_versions WHERE code = $1 ORDER BY version DESC LIMIT 1`,
        [code],
      );
      if (latest && appliesFrom < latest.applies_from) {
        throw new InvalidInputError('The rule cannot apply before its latest version', [
          { field: 'appliesFrom', reason: `appliesFrom must not be before ${latest.applies_from.toISOString()}, from when version ${latest.version} applies` },
        ]);
      }
      const record = manager.create(DeadlineRuleRecord, { code, rule: body as DeadlineRule, updatedAt: now, updatedBy: principal.sub });
      await manager.save(DeadlineRuleRecord, record);
      await manager.insert(DeadlineRuleVersion, { code, version: (latest?.version ?? 0) + 1, rule: record.rule, appliesFrom, updatedAt: now, updatedBy: principal.sub });
      await this.tracker.retrack(manager, code, appliesFrom);
      return toDto(record);
    });
  }
}

function toDto(record: DeadlineRuleRecord): DeadlineRuleRecordDto {
  return { rule: record.rule as DeadlineRuleRecordDto['rule'], updatedAt: record.updatedAt.toISOString(), updatedBy: record.updatedBy };
}

function toVersionDto(version: DeadlineRuleVersion): DeadlineRuleVersionDto {
  return {
    version: version.version,
    rule: version.rule as DeadlineRuleVersionDto['rule'],
    appliesFrom: version.appliesFrom.toISOString(),
    updatedAt: version.updatedAt.toISOString(),
    updatedBy: version.updatedBy,
  };
}
