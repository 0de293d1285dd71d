import { Client } from 'pg';
import { http } from '@icjims/testing';
import { registration } from '../case-registry.fixtures';
import { PersonInput } from './person-rules';

/** Test factories for the persons feature. */

let serial = 0;

/**
 * A valid KG PIN (the default pack) for a date of birth and sex, with a new serial number each
 * call: 1 female or 2 male, the date of birth as DDMMYYYY, a 5-digit serial.
 */
export function nationalIdFor(dateOfBirth: string, sex: 'female' | 'male'): string {
  serial += 1;
  const [year, month, day] = dateOfBirth.split('-');
  return `${sex === 'female' ? 1 : 2}${day}${month}${year}${String(serial).padStart(5, '0')}`;
}

/** A citizen of the Kyrgyz Republic with a fresh national ID that agrees with the date of birth and sex. */
export function nationalPerson(overrides: Partial<PersonInput> & { sex?: 'female' | 'male' } = {}): PersonInput {
  const dateOfBirth = overrides.dateOfBirth ?? '1990-04-17';
  const sex = overrides.sex ?? 'female';
  return { givenName: 'Aigerim', familyName: 'Asanova', nationalId: nationalIdFor(dateOfBirth, sex), dateOfBirth, sex, citizenship: 'KG', ...overrides };
}

/** A foreigner without a national ID. */
export function foreignPerson(overrides: Partial<PersonInput> = {}): PersonInput {
  return { givenName: 'Oleksandr', familyName: 'Kovalenko', dateOfBirth: '1985-09-30', sex: 'male', citizenship: 'UA', ...overrides };
}

/** Registers a case in the token's region over HTTP; the offence counts as happening when the report was received. */
export async function registerCase(base: string, token: string, options: { region?: 'KG-GB' | 'KG-C'; receivedAt?: string } = {}): Promise<string> {
  const receivedAt = options.receivedAt ?? '2026-06-01T10:00:00Z';
  const response = await http('POST', `${base}/cases`, {
    token,
    body: registration({ ...(options.region === 'KG-C' ? { region: 'KG-C', district: 'alamudun' } : {}), receivedAt, registeredAt: receivedAt }),
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
      (SELECT md5(coalesce(string_agg(concat_ws(':', id, person_id, merged_from, removed_at), ',' ORDER BY id), '')) FROM case_registry.case_person_roles) AS role_rows,
      (SELECT count(*) FROM case_registry.person_merges)::int AS merges,
      (SELECT count(*) FROM case_registry.person_merges WHERE unmerged_at IS NOT NULL)::int AS unmerged,
      (SELECT count(*) FROM case_registry.outbox WHERE event_type NOT LIKE '%.access.recorded.v1')::int AS domain_events`);
  return rows[0];
}
