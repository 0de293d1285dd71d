import { rememberValidationMetadata } from './validation/remembered-metadata';

// Every service validates through this library's classes: the rules class-validator finds per class are remembered from here on.
rememberValidationMetadata();

export * from './auth/roles';
export * from './events/services';
export * from './events/cloud-event';
export * from './events/case-registry.events';
export * from './events/procedural-steps.events';
export * from './events/probation.events';
export * from './events/probation-entry-details';
export * from './events/access.events';
export * from './events/transparency.events';
export * from './errors/domain-errors';
export * from './events/catalogue';
export * from './events/event-schemas';
export * from './events/asyncapi';
