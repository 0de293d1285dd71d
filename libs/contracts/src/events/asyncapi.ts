import { CLOUD_EVENT_SCHEMA, EventDefinition } from './cloud-event';
import { dataSchemaName, eventDataSchemas, JsonSchema, SCHEMA_REF_PREFIX } from './event-schemas';
import { eventTopic, ServiceName } from './services';

/** What one service puts on the bus and what it takes from it. */
export interface EventParticipant {
  service: ServiceName;
  produces: readonly EventDefinition<object>[];
  consumes: readonly EventDefinition<object>[];
}

export interface AsyncApiInfo {
  title: string;
  version: string;
  description: string;
}

/** An AsyncAPI 3.0 document, as plain JSON. */
export type AsyncApiDocument = Record<string, unknown> & { asyncapi: '3.0.0' };

/** How a message travels: the envelope as JSON, as the outbox stores it (docs/event-catalogue.md#envelope). */
export const CLOUD_EVENT_CONTENT_TYPE = 'application/cloudevents+json; charset=utf-8';
const ENVELOPE_SCHEMA = 'CloudEvent';

const camel = (name: string) => name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
const pascal = (name: string) => camel(name).replace(/^[a-z]/, (letter) => letter.toUpperCase());
const channelId = (producer: ServiceName) => `${camel(producer)}Events`;

/** The message of one event type: the CloudEvents envelope with this type, its producer as source and its data schema. */
function messageOf(definition: EventDefinition<object>): JsonSchema {
  return {
    name: definition.type,
    title: `${definition.name} v${definition.version}`,
    summary: `${definition.type}, produced by ${definition.service} to ${eventTopic(definition.service)}`,
    contentType: CLOUD_EVENT_CONTENT_TYPE,
    payload: {
      allOf: [
        { $ref: `${SCHEMA_REF_PREFIX}${ENVELOPE_SCHEMA}` },
        {
          type: 'object',
          properties: {
            type: { const: definition.type },
            source: { const: `/icjims/${definition.service}` },
            data: { $ref: `${SCHEMA_REF_PREFIX}${dataSchemaName(definition)}` },
          },
        },
      ],
    },
    bindings: { kafka: { key: { type: 'string', description: 'the event’s subject (the case id for most types)' }, bindingVersion: '0.5.0' } },
    'x-icjims-producer': definition.service,
    'x-icjims-schema-version': definition.version,
  };
}

/**
 * The AsyncAPI 3.0 document of what the participants send and receive: one channel per
 * producing service's topic, one message per event type (CloudEvents envelope with the type's
 * JSON Schema as `data`), a `send` operation per producer and a `receive` operation per
 * consumer and topic. One service's document has one participant; the whole system's, five.
 */
export function asyncApiDocument(info: AsyncApiInfo, participants: readonly EventParticipant[]): AsyncApiDocument {
  const byType = new Map<string, EventDefinition<object>>();
  for (const definition of participants.flatMap((participant) => [...participant.produces, ...participant.consumes])) byType.set(definition.type, definition);
  const definitions = [...byType.values()];

  const channels: Record<string, { address: string; description: string; messages: Record<string, { $ref: string }> }> = {};
  for (const definition of definitions) {
    const id = channelId(definition.service);
    channels[id] ??= {
      address: eventTopic(definition.service),
      description: `The events ${definition.service} produces, keyed by their subject so that one case's events stay in order.`,
      messages: {},
    };
    channels[id].messages[definition.type] = { $ref: `#/components/messages/${definition.type}` };
  }

  const operations: Record<string, unknown> = {};
  const operation = (action: 'send' | 'receive', service: ServiceName, producer: ServiceName, events: readonly EventDefinition<object>[]) => ({
    action,
    channel: { $ref: `#/channels/${channelId(producer)}` },
    summary: action === 'send' ? `${service} publishes through its transactional outbox` : `${service} consumes (consumer group ${service}); other types on the topic it ignores`,
    messages: events.map((definition) => ({ $ref: `#/channels/${channelId(producer)}/messages/${definition.type}` })),
  });
  for (const { service, produces, consumes } of participants) {
    if (produces.length) operations[`${camel(service)}Sends`] = operation('send', service, service, produces);
    const producers = [...new Set(consumes.map((definition) => definition.service))];
    for (const producer of producers) {
      operations[`${camel(service)}ReceivesFrom${pascal(producer)}`] = operation('receive', service, producer, consumes.filter((definition) => definition.service === producer));
    }
  }

  return {
    asyncapi: '3.0.0',
    info,
    defaultContentType: CLOUD_EVENT_CONTENT_TYPE,
    channels,
    operations,
    components: {
      messages: Object.fromEntries(definitions.map((definition) => [definition.type, messageOf(definition)])),
      schemas: { [ENVELOPE_SCHEMA]: CLOUD_EVENT_SCHEMA, ...eventDataSchemas(definitions) },
    },
  };
}
