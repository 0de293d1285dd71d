import { Module } from '@nestjs/common';
import { resolve } from 'node:path';
import { ConfigError, environmentSchema } from '../config/environment';
import { transparencyVariables } from '../config/transparency-environment';
import { ServiceDefinition } from './service-definition';
import { parseServiceEnvironment } from './service-environment';

@Module({})
class NothingModule {}

const definition: ServiceDefinition = {
  name: 'audit',
  title: 'Environment test service',
  description: 'A test-only service with the transparency settings of its own',
  defaultPort: 0,
  schema: 'environment_test',
  module: NothingModule,
  migrations: [],
  environment: environmentSchema(transparencyVariables),
};

describe('a service’s own environment', () => {
  it('holds its own variables as validated and the data folder, nothing else of the process environment', () => {
    const environment = parseServiceEnvironment(definition, { ICJIMS_CHECKPOINT_DIR: '/worm/checkpoints', ICJIMS_DATA_DIR: '/var/lib/icjims', LOG_LEVEL: 'debug', PATH: '/bin' });
    expect(environment).toEqual({ ICJIMS_CHECKPOINT_DIR: '/worm/checkpoints', ICJIMS_DATA_DIR: '/var/lib/icjims' });
  });

  it('has the data folder’s default without a schema of its own', () => {
    expect(parseServiceEnvironment({ ...definition, environment: undefined }, {})).toEqual({ ICJIMS_DATA_DIR: resolve('.data') });
  });

  it('refuses a bad value with the variable’s own message', () => {
    expect(() => parseServiceEnvironment(definition, { ICJIMS_CHECKPOINT_INTERVAL_SECONDS: '0' })).toThrow(ConfigError);
    expect(() => parseServiceEnvironment(definition, { ICJIMS_CHECKPOINT_INTERVAL_SECONDS: '0' })).toThrow(/^Invalid configuration: ICJIMS_CHECKPOINT_INTERVAL_SECONDS/);
  });
});
