import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { appVersion } from '@shop/platform';

import { ADMIN_KEY_HEADER } from '../common/admin-key.guard';
import { ADMIN_KEY_SCHEME } from '../common/admin-only.decorator';
import { GLOBAL_ERROR_ANSWERS } from './api-errors';
import { namedSchemas } from './schema';

/** Where the interactive docs live; the JSON document is at `${DOCS_PATH}-json`. */
export const DOCS_PATH = 'docs';

/**
 * The OpenAPI document of every gateway route: what the controllers' decorators say, the error
 * answers every route can give, and the named answer schemas (docs/schema.ts) as components.
 */
export function buildApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Pet shop gateway')
    .setDescription(
      'The public API of the fleet. Errors have one shape: `{ statusCode, error, message, field?, errorId?, requestId }` (schema `ApiError`). ' +
        'Every answer carries `x-request-id` (a client id of up to 64 of `A-Za-z0-9._:-` is kept, others replaced). ' +
        `Admin routes need the \`${ADMIN_KEY_HEADER}\` header (401 without, 403 wrong); \`GET /api/sagas*\` and \`GET /api/logs*\` are admin routes. ` +
        '`POST /api/orders` needs an `Idempotency-Key` header and answers an `accessToken`: `GET /api/orders/:id` shows the order only with it in `x-order-token` ' +
        '(or with the admin key), otherwise 404. JSON bodies: at most 64 kB (413), nested at most 32 deep (400 BODY_TOO_DEEP), ' +
        'well-formed UTF-16 (400 MALFORMED_UNICODE) and no keys naming Object.prototype members (400 FORBIDDEN_KEY); ' +
        'unknown fields are refused, integers in queries are plain decimal digits.',
    )
    .setVersion(appVersion())
    .addApiKey(
      { type: 'apiKey', in: 'header', name: ADMIN_KEY_HEADER, description: 'The fleet’s operator key (ADMIN_API_KEY)' },
      ADMIN_KEY_SCHEME,
    )
    .addGlobalResponse(...GLOBAL_ERROR_ANSWERS)
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...namedSchemas() },
  };
  return document;
}

/** Serves the OpenAPI document of every gateway route at /docs (UI) and /docs-json. */
export function setUpApiDocs(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, buildApiDocument(app), { jsonDocumentUrl: `${DOCS_PATH}-json` });
}
