import { csvLine, CsvValue } from '@icjims/platform';
import { ChainedEntry } from '../access-log/access-chain';

/** Columns of the access-log CSV, in order; lists (roles, person ids, flags) are space-separated. */
const COLUMNS: [string, (entry: ChainedEntry) => CsvValue][] = [
  ['seq', (entry) => entry.seq],
  ['eventId', (entry) => entry.eventId],
  ['occurredAt', (entry) => entry.occurredAt],
  ['service', (entry) => entry.service],
  ['actorSub', (entry) => entry.actorSub],
  ['actorRoles', (entry) => entry.actorRoles.join(' ')],
  ['actorRegion', (entry) => entry.actorRegion],
  ['action', (entry) => entry.action],
  ['resourceType', (entry) => entry.resourceType],
  ['resourceId', (entry) => entry.resourceId],
  ['caseId', (entry) => entry.caseId],
  ['purpose', (entry) => entry.purpose],
  ['personIds', (entry) => entry.personIds.join(' ')],
  ['flags', (entry) => entry.flags.join(' ')],
  ['outcome', (entry) => entry.outcome],
  ['count', (entry) => entry.count],
  ['status', (entry) => entry.status],
  ['method', (entry) => entry.method],
  ['route', (entry) => entry.route],
  ['reason', (entry) => entry.reason],
  ['sourceIp', (entry) => entry.sourceIp],
  ['correlationId', (entry) => entry.correlationId],
  ['recordedAt', (entry) => entry.recordedAt],
  ['format', (entry) => entry.format],
  ['prevHash', (entry) => entry.prevHash],
  ['hash', (entry) => entry.hash],
];

export const ACCESS_LOG_CSV_HEADER = csvLine(COLUMNS.map(([name]) => name));

export function accessLogCsvLine(entry: ChainedEntry): string {
  return csvLine(COLUMNS.map(([, value]) => value(entry)));
}
