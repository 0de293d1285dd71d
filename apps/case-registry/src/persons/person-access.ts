import { Principal } from '@icjims/auth';
import { noteAccessFlag } from '@icjims/platform';
import { Person } from './person.entity';
import { mayConsult, RestrictedRecordError } from './restriction-rules';

/**
 * Refuses the caller records restricted to others, and flags the attempt in the access
 * entry so that it stands out in the audit log. Call it only for records the caller may
 * otherwise see: for the rest the answer is the 404 of an unknown record.
 */
export function assertMayConsult(records: Person[], principal: Principal, now = new Date()): void {
  const refused = records.find((record) => !mayConsult(record, principal, now));
  if (!refused) return;
  noteAccessFlag('restricted-record');
  throw new RestrictedRecordError(`person ${refused.id} is restricted: only the users and roles its restriction names may see or change it`);
}
