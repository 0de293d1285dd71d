import { Client } from 'pg';
import { Role } from '@icjims/contracts';

export const SERVICES = ['case-registry', 'procedural-steps', 'probation', 'analytics', 'audit'] as const;
export type Service = (typeof SERVICES)[number];

/** What the load and the checks need of the services under test, however they run. */
export interface Target {
  api(service: Service): string;
  tokenFor(role: Role, region?: string): Promise<string>;
  /** An owner's session on the services' database, in a service's schema. */
  sql(schema: string): Promise<Client>;
}
