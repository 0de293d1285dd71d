export * from './auth/roles';
export * from './events/services';
export * from './events/cloud-event';
export * from './events/case-registry.events';
export * from './events/procedural-steps.events';
export * from './events/probation.events';
export * from './events/access.events';
export * from './errors/domain-errors';
