/** Injection tokens the platform provides to every service. */
export const SERVICE_DEFINITION = Symbol('SERVICE_DEFINITION');
export const SERVICE_NAME = Symbol('SERVICE_NAME');
export const SERVICE_LOGGER = Symbol('SERVICE_LOGGER');
export const EVENT_BUS = Symbol('EVENT_BUS');
/** How long an Idempotency-Key is remembered, in seconds. */
export const IDEMPOTENCY_RETENTION_SECONDS = Symbol('IDEMPOTENCY_RETENTION_SECONDS');
/** The AccessPurposeList of X-Purpose codes this service accepts. */
export const ACCESS_PURPOSES = Symbol('ACCESS_PURPOSES');
/** The RateLimitSettings of this service. */
export const RATE_LIMITS = Symbol('RATE_LIMITS');
/** The installation's Jurisdiction (libs/jurisdiction): its pack, zone and languages. */
export const JURISDICTION = Symbol('JURISDICTION');
/** The OperationsSettings of this service (health and metrics). */
export const OPERATIONS = Symbol('OPERATIONS');
