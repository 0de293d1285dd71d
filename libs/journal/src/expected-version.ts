import { ConflictError, InvalidInputError } from '@icjims/contracts';
import { JournalHead } from './journal-spec';

/** `If-Match: "7"` (or W/"7"): the journal version the recorder saw, as the ETag of the journal gives it. */
const ETAG = /^(?:W\/)?"(\d{1,9})"$/;

export function journalEtag(version: number): string {
  return `"${version}"`;
}

/** The expected version from the body or If-Match; both must agree when both are given. */
export function expectedVersionOf(fromBody: number | undefined, ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined) return fromBody;
  const match = ETAG.exec(ifMatch.trim());
  if (!match) throw new InvalidInputError('If-Match is not a journal version', [{ field: 'If-Match', reason: 'If-Match must be an ETag of the journal, e.g. "7"' }]);
  const fromHeader = Number(match[1]);
  if (fromBody !== undefined && fromBody !== fromHeader) {
    throw new InvalidInputError('two different expected versions', [{ field: 'If-Match', reason: 'If-Match and expectedVersion disagree' }]);
  }
  return fromHeader;
}

/** A write decided on an older version of the stream is refused (409): the recorder reloads and decides again. */
export function assertExpectedVersion(head: JournalHead, expectedVersion: number | undefined): void {
  if (expectedVersion !== undefined && expectedVersion !== head.version) {
    throw new ConflictError(`the journal is at version ${head.version}, not the expected ${expectedVersion}; reload it and decide again`);
  }
}
