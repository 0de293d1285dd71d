import { Inject, Injectable } from '@nestjs/common';
import { Principal } from '@icjims/auth';
import { InvalidInputError, NotFoundError } from '@icjims/contracts';
import { Jurisdiction, localDate } from '@icjims/jurisdiction';
import { expectedVersionOf } from '@icjims/journal';
import { UnitOfWork } from '@icjims/messaging';
import { JURISDICTION, noteConsultedPersons } from '@icjims/platform';
import { FINAL_REPORT_STATUSES, officeTakes, PreSentenceReportState, ReportCommand } from '../domain';
import { ProbationWriter } from '../journal/probation-writer';
import { AssignReportDto, DraftSectionDto, ReportCommandDto, SubmitReportDto } from './dto/pre-sentence-report-commands.dto';
import { ListPreSentenceReportsQuery } from './dto/list-pre-sentence-reports.query';
import { PreSentenceReportDetailDto, PreSentenceReportDto } from './dto/pre-sentence-report.dto';
import { preSentenceReportQueries, SectionRow } from './pre-sentence-report-queries';
import { actorOf, assertReach } from './stream-access';

/** The longest pack code a section may have in the path. */
const MAX_SECTION_CODE = 64;

type Without<C> = C extends unknown ? Omit<C, 'occurredAt'> : never;

/** Pre-sentence reports over HTTP: lists and reads from the heads, every change through the one write path in one transaction. */
@Injectable()
export class PreSentenceReportsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly writer: ProbationWriter,
    @Inject(JURISDICTION) private readonly jurisdiction: Jurisdiction,
  ) {}

  list(query: ListPreSentenceReportsQuery, principal: Principal): Promise<PreSentenceReportDto[]> {
    const today = this.today();
    return this.unitOfWork.run(async (manager) => {
      const rows = await preSentenceReportQueries.list(manager, {
        region: principal.region,
        office: principal.office,
        ...(principal.office !== undefined && { officeTakes: officeTakes(this.jurisdiction.pack.probation, principal.office) }),
        caseId: query.caseId,
        status: query.status,
        overdue: query.overdue,
        today,
        limit: query.limit,
      });
      return rows.map((row) => reportView(row.streamId, row.state, row.version, today));
    });
  }

  /** The report with the latest draft of each section, in the pack's order. */
  get(reportId: string, principal: Principal): Promise<PreSentenceReportDetailDto> {
    return this.unitOfWork.run(async (manager) => {
      const row = await preSentenceReportQueries.one(manager, reportId);
      if (!row) throw new NotFoundError(`pre-sentence report ${reportId} does not exist`);
      assertReach(principal, row, `pre-sentence report ${reportId}`);
      if (row.state.personId) noteConsultedPersons([row.state.personId]);
      const order = this.jurisdiction.pack.probation.reportSections.map((section) => section.code);
      const sections = (await preSentenceReportQueries.sections(manager, reportId)).sort((a, b) => order.indexOf(a.section) - order.indexOf(b.section));
      return { ...reportView(reportId, row.state, row.version, this.today()), sections: sections.map(sectionView) };
    });
  }

  assign(reportId: string, body: AssignReportDto, principal: Principal, ifMatch?: string): Promise<PreSentenceReportDto> {
    return this.give(reportId, { type: 'assignReport', office: body.office, officerId: body.officerId }, body, principal, ifMatch);
  }

  draftSection(reportId: string, section: string, body: DraftSectionDto, principal: Principal, ifMatch?: string): Promise<PreSentenceReportDto> {
    if (section.length > MAX_SECTION_CODE) throw new InvalidInputError('section too long', [{ field: 'section', reason: `section must be a code of at most ${MAX_SECTION_CODE} characters` }]);
    return this.give(reportId, { type: 'draftReportSection', section, text: body.text }, body, principal, ifMatch);
  }

  /** Submitted: the report goes back to the requesting case (pre-sentence-report.submitted, in the same transaction). */
  submit(reportId: string, body: SubmitReportDto, principal: Principal, ifMatch?: string): Promise<PreSentenceReportDto> {
    return this.give(reportId, { type: 'submitReport', recommendation: body.recommendation }, body, principal, ifMatch);
  }

  private give(reportId: string, command: Without<ReportCommand>, body: ReportCommandDto, principal: Principal, ifMatch?: string): Promise<PreSentenceReportDto> {
    const expectedVersion = expectedVersionOf(body.expectedVersion, ifMatch);
    const occurredAt = body.occurredAt ?? new Date().toISOString();
    return this.unitOfWork.run(async (manager) => {
      const { head } = await this.writer.command(manager, reportId, { ...command, occurredAt } as ReportCommand, actorOf(principal), expectedVersion, (found) => {
        if (found.stream !== 'pre_sentence_report') throw new NotFoundError(`pre-sentence report ${reportId} does not exist`);
        assertReach(principal, found, `pre-sentence report ${reportId}`);
      });
      return reportView(reportId, head.state as PreSentenceReportState, head.version, this.today());
    });
  }

  private today(): string {
    return localDate(new Date(), this.jurisdiction.timeZone);
  }
}

export function reportView(id: string, state: PreSentenceReportState, version: number, today: string): PreSentenceReportDto {
  return {
    id,
    caseId: state.caseId,
    region: state.region,
    personId: state.personId,
    sourceStepId: state.sourceStepId,
    requestedBy: state.requestedBy,
    requestedAt: state.requestedAt,
    dueOn: state.dueOn,
    overdue: !FINAL_REPORT_STATUSES.includes(state.status) && state.dueOn < today,
    status: state.status,
    office: state.office,
    officerId: state.officerId,
    sectionsDrafted: state.sections,
    recommendation: state.recommendation,
    submitted: state.submitted,
    version,
  };
}

function sectionView(row: SectionRow) {
  return { section: row.section, text: row.text, draftedAt: row.draftedAt.toISOString(), draftedBy: row.draftedBy };
}
