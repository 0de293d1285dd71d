/** The five services; each produces to exactly one topic. */
export const SERVICE_NAMES = ['case-registry', 'procedural-steps', 'probation', 'analytics', 'audit'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** The topic a service produces its events to (keyed by case id). */
export function eventTopic(service: ServiceName): string {
  return `icjims.${service}.events`;
}

/** Where a consumer puts messages it cannot process, with the reason in headers. */
export function deadLetterTopic(consumer: ServiceName): string {
  return `icjims.${consumer}.dead-letter`;
}
