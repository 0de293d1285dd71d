import { z } from 'zod';
import { environmentSchema, EnvironmentSchema, parseEnvironment } from '../config/environment';
import { platformEnvironment } from '../config/platform-environment';
import { ServiceDefinition } from './service-definition';

/** Injection token: the service's ServiceEnvironment, parsed once as its app is created. */
export const SERVICE_ENVIRONMENT = Symbol('SERVICE_ENVIRONMENT');

/**
 * What SERVICE_ENVIRONMENT holds for a service whose ServiceDefinition.environment is `Schema`:
 * its own variables as that schema parsed them, and the installation's data folder
 * (ICJIMS_DATA_DIR, a platform variable), under which the transparency readers put their
 * folders by default. The services' readers take it as they took the process environment.
 */
export type ServiceEnvironment<Schema extends EnvironmentSchema = EnvironmentSchema> = z.output<Schema['variables']> & { ICJIMS_DATA_DIR: string };

const dataDirEnvironment = environmentSchema({ ICJIMS_DATA_DIR: platformEnvironment.variables.shape.ICJIMS_DATA_DIR });

/** Parses a service's own environment (ServiceDefinition.environment) from `env`; throws a ConfigError naming the first bad variable. */
export function parseServiceEnvironment(definition: ServiceDefinition, env: Record<string, string | undefined>): ServiceEnvironment {
  return { ...(definition.environment && parseEnvironment(definition.environment, env)), ...parseEnvironment(dataDirEnvironment, env) };
}
