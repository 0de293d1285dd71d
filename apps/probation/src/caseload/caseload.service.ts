import { Inject, Injectable } from '@nestjs/common';
import { Principal } from '@icjims/auth';
import { ForbiddenError, InvalidInputError, NotFoundError } from '@icjims/contracts';
import { Jurisdiction, localDate, ProbationOffice } from '@icjims/jurisdiction';
import { UnitOfWork } from '@icjims/messaging';
import { JURISDICTION } from '@icjims/platform';
import { officeTakes } from '../domain';
import { isDate } from '../domain/checks';
import { dayAfter } from '../scheduling/attention';
import { caseloadQueries, RunningFilter, RunningStream } from './caseload-queries';
import { dueItems, DueWindow } from './due-items';
import { CaseloadDto, CaseloadStreamDto, DueItemDto, DueListDto, OfficeCaseloadDto, OfficerLoadDto } from './dto/caseload.dto';
import { DueListQuery } from './dto/due-list.query';

/** The longest due list, in days. */
export const MAX_DUE_DAYS = 31;

const addDays = (date: string, days: number) => {
  let day = date;
  for (let i = 0; i < days; i += 1) day = dayAfter(day);
  return day;
};

/** Caseloads and due lists, read from the heads' states: one query per request. */
@Injectable()
export class CaseloadService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(JURISDICTION) private readonly jurisdiction: Jurisdiction,
  ) {}

  /** The running cases and open reports allocated to the caller, with what is due this week. */
  async own(principal: Principal): Promise<CaseloadDto> {
    const window = this.week();
    const streams = await this.running({ region: principal.region, office: principal.office, officerId: principal.sub });
    return { officerId: principal.sub, from: window.from, to: window.to, streams: streams.map(streamView), due: this.due(streams, window) };
  }

  /** An office's load per officer and its due list for the week: its supervisor's, or an admin's of its region. */
  async office(code: string, principal: Principal): Promise<OfficeCaseloadDto> {
    const office = this.officeOf(code);
    if (!office) throw new NotFoundError(`no probation office ${code}`);
    this.assertMayList(principal, office);
    const window = this.week();
    const streams = await this.running({ office: office.code, unassignedReportsOf: officeTakes(this.jurisdiction.pack.probation, office.code) });
    const loads = new Map<string | null, OfficerLoadDto>();
    for (const stream of streams) {
      const officerId = stream.state.officerId;
      const load = loads.get(officerId) ?? { officerId, cases: 0, reports: 0, dueThisWeek: 0, overdue: 0 };
      if (stream.stream === 'probation_case') load.cases += 1;
      else load.reports += 1;
      for (const item of dueItems(stream.state, window, this.jurisdiction.timeZone)) {
        if (item.overdue) load.overdue += 1;
        else load.dueThisWeek += 1;
      }
      loads.set(officerId, load);
    }
    const officers = [...loads.values()].sort((a, b) => b.cases - a.cases || String(a.officerId).localeCompare(String(b.officerId)));
    return { office: office.code, from: window.from, to: window.to, officers, due: this.due(streams, window) };
  }

  /** What falls due from `from` to `to` (at most 31 days) in an office, or for one officer, and whatever is overdue. */
  async dueList(query: DueListQuery, principal: Principal): Promise<DueListDto> {
    const window = this.window(query.from, query.to);
    const code = principal.office ?? query.office;
    if (principal.office !== undefined && query.office !== undefined && query.office !== principal.office) {
      throw new ForbiddenError(`office ${principal.office} may not list the due items of office ${query.office}`);
    }
    if (code === undefined) throw new InvalidInputError('office is required', [{ field: 'office', reason: 'office is required unless the token names one' }]);
    const office = this.officeOf(code);
    if (!office) throw new InvalidInputError('unknown office', [{ field: 'office', reason: 'office must be a probation office of the pack' }]);
    this.assertMayList(principal, office);
    // An officer's list holds what is theirs; the office's also the reports not yet assigned that it takes.
    const streams = await this.running({
      office: office.code,
      ...(query.officer !== undefined ? { officerId: query.officer } : { unassignedReportsOf: officeTakes(this.jurisdiction.pack.probation, office.code) }),
    });
    return { from: window.from, to: window.to, due: this.due(streams, window) };
  }

  private running(filter: RunningFilter): Promise<RunningStream[]> {
    return this.unitOfWork.run((manager) => caseloadQueries.running(manager, filter));
  }

  private due(streams: readonly RunningStream[], window: DueWindow): DueItemDto[] {
    return streams
      .flatMap((stream) =>
        dueItems(stream.state, window, this.jurisdiction.timeZone).map((item) => ({
          streamId: stream.streamId,
          stream: stream.stream,
          caseId: stream.caseId,
          office: stream.office,
          officerId: stream.state.officerId,
          ...item,
        })),
      )
      .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.streamId.localeCompare(b.streamId) || a.kind.localeCompare(b.kind));
  }

  /** A supervisor or officer bound to an office lists that office only; a regional caller, offices of their region. */
  private assertMayList(principal: Principal, office: ProbationOffice): void {
    if (principal.office !== undefined && principal.office !== office.code) throw new ForbiddenError(`office ${principal.office} may not list office ${office.code}`);
    if (principal.region !== undefined && principal.region !== office.region) throw new ForbiddenError(`region ${principal.region} may not list office ${office.code} of region ${office.region}`);
  }

  private officeOf(code: string): ProbationOffice | undefined {
    return this.jurisdiction.pack.probation.offices.find((office) => office.code === code);
  }

  private week(): DueWindow {
    return this.window(undefined, undefined);
  }

  private window(from: string | undefined, to: string | undefined): DueWindow {
    const today = localDate(new Date(), this.jurisdiction.timeZone);
    if (from !== undefined && !isDate(from)) throw new InvalidInputError('invalid from', [{ field: 'from', reason: 'from must be a real date, YYYY-MM-DD' }]);
    if (to !== undefined && !isDate(to)) throw new InvalidInputError('invalid to', [{ field: 'to', reason: 'to must be a real date, YYYY-MM-DD' }]);
    const start = from ?? today;
    const end = to ?? addDays(start, 6);
    if (end < start) throw new InvalidInputError('to before from', [{ field: 'to', reason: 'to must not be before from' }]);
    if (end > addDays(start, MAX_DUE_DAYS - 1)) throw new InvalidInputError('window too long', [{ field: 'to', reason: `a due list covers at most ${MAX_DUE_DAYS} days` }]);
    return { from: start, to: end, today };
  }
}

function streamView(stream: RunningStream): CaseloadStreamDto {
  const { state } = stream;
  return {
    id: stream.streamId,
    stream: stream.stream,
    caseId: stream.caseId,
    status: stream.status,
    ...(state.stream === 'probation_case' ? { caseType: state.caseType, endsOn: state.endsOn } : { endsOn: state.dueOn }),
    office: stream.office,
    officerId: state.officerId,
    version: stream.version,
  };
}
