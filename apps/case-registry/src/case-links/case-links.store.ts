import { EntityManager } from 'typeorm';
import { runStatement, Statement } from '@icjims/persistence';
import { CaseLinks, LinkedCaseDto } from '../cases/dto/case.dto';
import { CaseLink } from './case-link.entity';
import { CaseLinkKind } from './case-link-rules';
import { CaseLinkDto } from './dto/case-link.dto';

/** The SQL that reads links together with the numbers of the cases they link. */

interface LinkRow {
  id: string;
  kind: CaseLinkKind;
  from_case_id: string;
  from_case_number: string;
  to_case_id: string;
  to_case_number: string;
  person_ids: string[];
  reason: string;
  linked_by: string;
  linked_at: Date;
}

export function linkView(link: Omit<CaseLink, 'fromCaseId' | 'toCaseId'>, fromCase: LinkedCaseDto, toCase: LinkedCaseDto): CaseLinkDto {
  const { id, kind, personIds, reason, linkedBy, linkedAt } = link;
  return { id, kind, fromCase, toCase, personIds, reason, linkedBy, linkedAt: linkedAt.toISOString() };
}

async function linkRows(manager: EntityManager, where: string, caseId: string): Promise<CaseLinkDto[]> {
  return linksFromRows(await runStatement<LinkRow>(manager, linksStatement(where, caseId)));
}

function linksStatement(where: string, caseId: string): Statement {
  return {
    text: `SELECT l.id, l.kind, l.from_case_id, f.case_number AS from_case_number, l.to_case_id, t.case_number AS to_case_number,
            l.person_ids, l.reason, l.linked_by, l.linked_at
     FROM case_links l JOIN cases f ON f.id = l.from_case_id JOIN cases t ON t.id = l.to_case_id
     WHERE ${where}
     ORDER BY l.linked_at, l.id`,
    values: [caseId],
  };
}

function linksFromRows(rows: LinkRow[]): CaseLinkDto[] {
  return rows.map((row) =>
    linkView(
      { id: row.id, kind: row.kind, personIds: row.person_ids, reason: row.reason, linkedBy: row.linked_by, linkedAt: row.linked_at },
      { id: row.from_case_id, caseNumber: row.from_case_number },
      { id: row.to_case_id, caseNumber: row.to_case_number },
    ),
  );
}

/** Every join and split the case takes part in, on either side, oldest first. */
export function linksOf(manager: EntityManager, caseId: string): Promise<CaseLinkDto[]> {
  return linkRows(manager, 'l.from_case_id = $1 OR l.to_case_id = $1', caseId);
}

/** What the case view shows — the case this one was joined into, and the one it was split off — as a statement to send with others (queryTogether). */
export function caseViewLinksStatement(caseId: string): Statement {
  return linksStatement(`(l.kind = 'join' AND l.from_case_id = $1) OR (l.kind = 'split' AND l.to_case_id = $1)`, caseId);
}

/** The case view's links from the rows of `caseViewLinksStatement`. */
export function caseViewLinksFrom(rows: unknown[]): CaseLinks {
  const links = linksFromRows(rows as LinkRow[]);
  return {
    joinedInto: links.find((link) => link.kind === 'join')?.toCase ?? null,
    splitFrom: links.find((link) => link.kind === 'split')?.fromCase ?? null,
  };
}
