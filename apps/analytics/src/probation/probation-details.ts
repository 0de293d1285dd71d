import { PROBATION_ENDS } from '@icjims/contracts';

/*
 * What analytics reads of a probation entry's details, checked before it is kept: a date it
 * counts by that is no date, or hours that are no number, would fail every later figure of the
 * stream; such an entry is refused (unprocessable) instead. Fields analytics does not read are
 * not checked here: the producer validates them.
 */

const isDay = (value: unknown) => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
const isHours = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 10_000;
const isCode = (value: unknown) => typeof value === 'string' && value.length > 0 && value.length <= 64;

type Check = [field: string, valid: (value: unknown) => boolean, what: string, optional?: true];

const CHECKS: Readonly<Record<string, readonly Check[]>> = {
  opened: [['caseType', isCode, 'a code'], ['startsOn', isDay, 'a date YYYY-MM-DD'], ['communityWorkHours', isHours, 'hours (a number from 0 to 10000)', true]],
  amended: [['startsOn', isDay, 'a date YYYY-MM-DD'], ['caseType', isCode, 'a code', true], ['communityWorkHours', isHours, 'hours (a number from 0 to 10000)', true]],
  allocated: [['officerId', isCode, 'an id']],
  contact_recorded: [['outcome', (value) => value === 'attended' || value === 'missed', 'attended or missed']],
  community_work_logged: [['workedOn', isDay, 'a date YYYY-MM-DD'], ['hours', isHours, 'hours (a number from 0 to 10000)']],
  assessment_recorded: [['nextDueOn', isDay, 'a date YYYY-MM-DD', true]],
  violation_recorded: [['occurredOn', isDay, 'a date YYYY-MM-DD']],
  ended: [['end', (value) => (PROBATION_ENDS as readonly unknown[]).includes(value), PROBATION_ENDS.join(', ')], ['endedOn', isDay, 'a date YYYY-MM-DD']],
  deadline_breached: [['rule', isCode, 'a code']],
  report_submitted: [['onTime', (value) => typeof value === 'boolean', 'true or false']],
};

/** What is wrong with the details analytics reads of an entry of this type, or undefined. */
export function probationDetailsProblem(entryType: string, details: Record<string, unknown>): string | undefined {
  for (const [field, valid, what, optional] of CHECKS[entryType] ?? []) {
    const value = details[field];
    if (value === undefined && optional) continue;
    if (!valid(value)) return `a ${entryType} entry's details.${field} must be ${what}`;
  }
  return undefined;
}
