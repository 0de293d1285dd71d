import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ProblemDetails } from '../errors/problem-details';
import { documentIdempotencyKey } from '../idempotency/idempotency.openapi';
import { documentRateLimits } from '../rate-limit/rate-limits.openapi';
import { publishAsyncApi } from './asyncapi';
import { operationIdOf } from './operation-ids';

export interface ApiDescription {
  title: string;
  description: string;
  version: string;
}

/** Serves Swagger UI at /docs, the OpenAPI 3 document at /docs-json and the AsyncAPI 3 document of the service's events at /docs/asyncapi.json. */
export function setUpOpenApi(app: INestApplication, api: ApiDescription): void {
  const config = new DocumentBuilder()
    .setTitle(api.title)
    .setDescription(api.description)
    .setVersion(api.version)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ProblemDetails], operationIdFactory: operationIdOf });
  documentIdempotencyKey(document);
  documentRateLimits(document);
  publishAsyncApi(app, document, api.version); // before Swagger UI's routes under /docs
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
}
