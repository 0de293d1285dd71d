import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { isNational, Principal } from '@icjims/auth';
import { NotFoundError } from '@icjims/contracts';
import { Jurisdiction, label } from '@icjims/jurisdiction';
import { assertExpectedVersion, expectedVersionOf, journalStore } from '@icjims/journal';
import { UnitOfWork } from '@icjims/messaging';
import { readsTogether } from '@icjims/persistence';
import { JURISDICTION } from '@icjims/platform';
import type { CaseCommand, ProbationCaseState } from '../domain';
import { probationJournal } from '../journal/probation-journal';
import { ProbationJournalProofs } from '../journal/probation-journal-proofs';
import { ProbationWriter } from '../journal/probation-writer';
import { ListProbationCasesQuery } from './dto/list-probation-cases.query';
import { ProbationCaseDto } from './dto/probation-case.dto';
import { AllocationSuggestionDto, ProbationJournalEntryDto, ProbationCaseVerificationDto } from './dto/probation-journal-entry.dto';
import { CaseRow, probationCaseQueries } from './probation-case-queries';
import { actorOf, assertCaseAccess, toProbationCaseDto } from './probation-case-view';

/** Probation cases over HTTP: reads of the journal's heads, and every command through the journal's one write path. */
@Injectable()
export class ProbationCasesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly writer: ProbationWriter,
    private readonly journalProofs: ProbationJournalProofs,
    @Inject(JURISDICTION) private readonly jurisdiction: Jurisdiction,
  ) {}

  /** Newest first; a regional caller sees their region's cases, one bound to an office that office's and the unallocated ones. */
  async list(query: ListProbationCasesQuery, principal: Principal): Promise<ProbationCaseDto[]> {
    const rows = await probationCaseQueries.list(this.dataSource.manager, {
      ...(!isNational(principal) && { region: principal.region }),
      ...(principal.office !== undefined && { office: principal.office }),
      ...(query.caseId !== undefined && { caseId: query.caseId }),
      ...(query.status !== undefined && { status: query.status }),
      limit: query.limit,
    });
    return rows.map((row) => toProbationCaseDto(row.streamId, row.state, row.annulledAt));
  }

  async get(id: string, principal: Principal): Promise<ProbationCaseDto> {
    const row = await this.readable(id, principal);
    return toProbationCaseDto(row.streamId, row.state, row.annulledAt);
  }

  /** One command, one transaction: the head locked, the caller's access and expected version checked, decided, appended, announced. */
  async command(id: string, principal: Principal, command: CaseCommand, bodyVersion: number | undefined, ifMatch: string | undefined): Promise<ProbationCaseDto> {
    const expectedVersion = expectedVersionOf(bodyVersion, ifMatch);
    const { head } = await this.unitOfWork.run((manager) =>
      this.writer.command(manager, id, command, actorOf(principal), expectedVersion, (locked) => {
        if (locked.stream !== 'probation_case' || locked.version === 0) throw notFound(id);
        assertCaseAccess(principal, locked);
        assertExpectedVersion(locked, expectedVersion);
      }),
    );
    return toProbationCaseDto(head.streamId, head.state as ProbationCaseState);
  }

  /**
   * The case's journal as stored, and its version: the head and the entries in one message, on one
   * snapshot (readsTogether), so the version is that of the entries answered. The entries are read
   * before the case is known to be the caller's, and not used unless it is.
   */
  async journal(id: string, principal: Principal): Promise<{ entries: ProbationJournalEntryDto[]; version: number }> {
    const reads = readsTogether(this.dataSource.manager);
    const [head, { entries }] = await Promise.all([probationCaseQueries.one(reads, id), journalStore.entriesOfStream(reads, probationJournal, id)]);
    const row = accessible(head, id, principal);
    return {
      version: row.version,
      entries: entries.map((entry) => ({
        id: entry.id,
        sequence: entry.sequence,
        entryType: entry.entryType,
        region: entry.region,
        occurredAt: entry.occurredAt.toISOString(),
        recordedAt: entry.recordedAt.toISOString(),
        recordedBy: entry.recordedBy,
        details: entry.details,
        prevHash: entry.prevHash,
        hash: entry.hash,
      })),
    };
  }

  /** The case's hash chain recomputed from its entries against its head, and each sealed entry proven in the latest signed checkpoint, on one snapshot. */
  async verify(id: string, principal: Principal): Promise<ProbationCaseVerificationDto> {
    const { proofs } = this.journalProofs;
    return proofs.fromTree(async (manager) => {
      const row = await this.readable(id, principal, manager);
      const { verification } = await proofs.verifyStream(manager, id, { version: row.version, lastHash: row.lastHash });
      const { firstBroken, ...verdict } = verification;
      return { ...verdict, version: row.version, ...(firstBroken && { firstBrokenEntryId: firstBroken.id }) };
    });
  }

  /** The offices of the case's region, lightest caseload per officer first. */
  async allocationSuggestions(id: string, principal: Principal, language: string): Promise<AllocationSuggestionDto[]> {
    const row = await this.readable(id, principal);
    const offices = this.jurisdiction.pack.probation.offices.filter((office) => office.region === row.region);
    const caseload = await probationCaseQueries.caseloadOf(this.dataSource.manager, offices.map((office) => office.code));
    return offices
      .map((office) => {
        const officers = [...(caseload.get(office.code) ?? new Map<string, number>())].map(([officerId, cases]) => ({ officerId, cases })).sort(lightestFirst);
        const cases = officers.reduce((sum, officer) => sum + officer.cases, 0);
        return {
          office: office.code,
          label: label(office.labels, language),
          region: office.region,
          activeCases: cases,
          officers: officers.length,
          casesPerOfficer: officers.length ? cases / officers.length : cases,
          lightestOfficer: officers[0] ?? null,
        };
      })
      .sort((a, b) => a.casesPerOfficer - b.casesPerOfficer || a.activeCases - b.activeCases || a.office.localeCompare(b.office));
  }

  private async readable(id: string, principal: Principal, manager: EntityManager = this.dataSource.manager): Promise<CaseRow> {
    return accessible(await probationCaseQueries.one(manager, id), id, principal);
  }
}

/** The case's head, if it exists and the caller may see it. */
function accessible(row: CaseRow | undefined, id: string, principal: Principal): CaseRow {
  if (!row) throw notFound(id);
  assertCaseAccess(principal, row);
  return row;
}

/** Fewest cases first; ties by id, so the suggestion is stable. */
const lightestFirst = (a: { officerId: string; cases: number }, b: { officerId: string; cases: number }) => a.cases - b.cases || a.officerId.localeCompare(b.officerId);

const notFound = (id: string) => new NotFoundError(`probation case ${id} does not exist`);
