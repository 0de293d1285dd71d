import { asyncApiDocument, AsyncApiDocument } from '@icjims/contracts';
import { eventParticipant, ServiceDefinition } from '@icjims/platform';
import { analyticsService } from '../../apps/analytics/src/analytics.service';
import { auditService } from '../../apps/audit/src/audit.service';
import { caseRegistryService } from '../../apps/case-registry/src/case-registry.service';
import { probationService } from '../../apps/probation/src/probation.service';
import { proceduralStepsService } from '../../apps/procedural-steps/src/procedural-steps.service';

export const SERVICES: readonly ServiceDefinition[] = [caseRegistryService, proceduralStepsService, probationService, analyticsService, auditService];

/** Where `npm run contracts` writes the system's AsyncAPI document, for review beside the event catalogue. */
export const SYSTEM_ASYNCAPI_FILE = 'docs/asyncapi.json';

/**
 * The AsyncAPI 3.0 document of the whole system: every event type of libs/contracts, what each
 * of the five services produces and consumes (as each one serves it at /docs/asyncapi.json).
 */
export function systemAsyncApi(): AsyncApiDocument {
  return asyncApiDocument(
    {
      title: 'ICJIMS events',
      version: '1.0',
      description:
        'Every event the ICJIMS services exchange: CloudEvents 1.0 in structured JSON mode, one Kafka topic per producing service keyed by the subject, each type with the JSON Schema of its data. Generated from libs/contracts by `npm run contracts`; docs/event-catalogue.md says what each event means.',
    },
    SERVICES.map((definition) => eventParticipant(definition)),
  );
}

/** The document as `npm run contracts` writes it (and the contract test compares). */
export function systemAsyncApiText(): string {
  return `${JSON.stringify(systemAsyncApi(), null, 2)}\n`;
}
