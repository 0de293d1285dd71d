import { Client } from 'pg';
import { http } from '@icjims/testing';
import { registration } from '../case-registry.fixtures';
import { nationalIdCheckDigit } from './national-id-rules';
import { PersonInput } from './person-rules';

/** Test factories for the persons feature. */

let serial = 0;

/** A valid national ID (sample scheme) for a date of birth and sex, with a new serial number each call. */
export function nationalIdFor(dateOfBirth: string, sex: 'female' | 'male'): string {
  const year = Number(dateOfBirth.slice(0, 4));
  const centuryAndSex = 1 + 2 * Math.floor((year - 1800) / 100) + (sex === 'female' ? 1 : 0);
  serial += 1;
  const firstTen = `${centuryAndSex}${dateOfBirth.slice(2, 4)}${dateOfBirth.slice(5, 7)}${dateOfBirth.slice(8, 10)}${String(serial).padStart(3, '0')}`;
  return `${firstTen}${nationalIdCheckDigit(firstTen)}`;
}

/** A national of the sample country with a fresh national ID that agrees with the date of birth and sex. */
export function nationalPerson(overrides: Partial<PersonInput> & { sex?: 'female' | 'male' } = {}): PersonInput {
  const dateOfBirth = overrides.dateOfBirth ?? '1990-04-17';
  const sex = overrides.sex ?? 'female';
  return { givenName: 'Kristiina', familyName: 'Põldmaa', nationalId: nationalIdFor(dateOfBirth, sex), dateOfBirth, sex, citizenship: 'EE', ...overrides };
}

/** A foreigner without a national ID. */
export function foreignPerson(overrides: Partial<PersonInput> = {}): PersonInput {
  return { givenName: 'Oleksandr', familyName: 'Kovalenko', dateOfBirth: '1985-09-30', sex: 'male', citizenship: 'UA', ...overrides };
}

/** Registers a case in the token's region over HTTP; the offence counts as happening when the report was received. */
export async function registerCase(base: string, token: string, options: { region?: 'EE-37' | 'EE-78'; receivedAt?: string } = {}): Promise<string> {
  const receivedAt = options.receivedAt ?? '2026-06-01T10:00:00Z';
  const response = await http('POST', `${base}/cases`, {
    token,
    body: registration({ ...(options.region === 'EE-78' ? { region: 'EE-78', district: 'tartu' } : {}), receivedAt, registeredAt: receivedAt }),
  });
  if (response.status !== 201) throw new Error(`registering a case: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.id;
}

/** What the persons feature has written: compare before and after a refused request. */
export async function writtenState(db: Client): Promise<Record<string, number>> {
  const { rows } = await db.query(`SELECT
      (SELECT count(*) FROM case_registry.persons)::int AS persons,
      (SELECT count(*) FROM case_registry.persons WHERE merged_into IS NOT NULL)::int AS merged,
      (SELECT count(*) FROM case_registry.case_person_roles)::int AS roles,
      (SELECT count(*) FROM case_registry.case_person_roles WHERE removed_at IS NOT NULL)::int AS removed,
      (SELECT count(*) FROM case_registry.outbox WHERE event_type NOT LIKE '%.access.recorded.v1')::int AS domain_events`);
  return rows[0];
}
