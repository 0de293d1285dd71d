import { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { Express, Request, Response } from 'express';
import { asyncApiDocument, AsyncApiDocument, EVENT_DEFINITIONS, EventDefinition, eventDefinitionOf, EventParticipant } from '@icjims/contracts';
import { handledEventTypes } from '@icjims/messaging';
import { ServiceDefinition } from '../service/service-definition';
import { SERVICE_DEFINITION } from '../service/tokens';

/** Where every service serves the AsyncAPI document of what it produces and consumes. */
export const ASYNCAPI_PATH = '/docs/asyncapi.json';

/**
 * What a service puts on the bus (every event type its name produces) and takes from it (the
 * types of its `@EventPattern` methods), from its definition.
 */
export function eventParticipant(definition: ServiceDefinition): EventParticipant {
  return {
    service: definition.name,
    produces: EVENT_DEFINITIONS.filter((event) => event.service === definition.name),
    consumes: handledEventTypes(definition.module).map((type) => eventDefinitionOf(type) as EventDefinition<object>),
  };
}

/** The AsyncAPI 3.0 document of one service's events. */
export function serviceAsyncApi(definition: ServiceDefinition, version: string): AsyncApiDocument {
  return asyncApiDocument(
    {
      title: `${definition.title}: events`,
      version,
      description: `The CloudEvents ${definition.name} produces to its topic and consumes from others (docs/event-catalogue.md). Each event's \`data\` has the JSON Schema of its type.`,
    },
    [eventParticipant(definition)],
  );
}

/** Serves the service's AsyncAPI document at ASYNCAPI_PATH, without authentication, and describes that route in the OpenAPI document. */
export function publishAsyncApi(app: INestApplication, document: OpenAPIObject, version: string): void {
  const definition = app.get<ServiceDefinition>(SERVICE_DEFINITION);
  const asyncApi = JSON.stringify(serviceAsyncApi(definition, version));
  (app.getHttpAdapter().getInstance() as Express).get(ASYNCAPI_PATH, (_request: Request, response: Response) => {
    response.type('application/json').send(asyncApi);
  });
  document.paths[ASYNCAPI_PATH] = {
    get: {
      operationId: 'getAsyncApiDocument',
      summary: 'The AsyncAPI 3.0 document of the events this service produces and consumes',
      description: 'Each event type a CloudEvents 1.0 message on its producer’s Kafka topic, with the JSON Schema of its `data`, generated from libs/contracts.',
      tags: ['documentation'],
      security: [],
      responses: { '200': { description: 'The AsyncAPI document', content: { 'application/json': { schema: { type: 'object' } } } } },
    },
  };
}
