import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { CONTRACT_VERSION } from './config/regulars.constants.js';

/** The plugin's OpenAPI document: every route it adds to the host, with the signing headers. */
export function regularsOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Regulars')
    .setDescription(
      `Regular-customer and loyalty plugin, host contract version ${CONTRACT_VERSION}. ` +
        'Every call is signed: X-Regulars-Timestamp and X-Regulars-Signature (v1=HMAC-SHA256 under the tenant secret); ' +
        'terminal and management calls also carry a signed X-Regulars-Actor header. Money is integer minor units.',
    )
    .setVersion(String(CONTRACT_VERSION))
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Serves the document at `/<path>-json` and its UI at `/<path>` (CONTRACT.md: /docs). */
export function setupRegularsOpenApi(app: INestApplication, path = 'docs'): OpenAPIObject {
  const document = regularsOpenApiDocument(app);
  SwaggerModule.setup(path, app, document);
  return document;
}
