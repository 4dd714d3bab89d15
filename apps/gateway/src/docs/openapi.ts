import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { appVersion } from '@shop/platform';

import { ADMIN_KEY_HEADER } from '../common/admin-key.guard';
import { ADMIN_KEY_SCHEME } from '../common/admin-only.decorator';

/** Where the interactive docs live; the JSON document is at `${DOCS_PATH}-json`. */
export const DOCS_PATH = 'docs';

/** Serves the OpenAPI document of every gateway route at /docs (UI) and /docs-json. */
export function setUpApiDocs(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Pet shop gateway')
    .setDescription(
      'The public API of the fleet. Errors have one shape: `{ statusCode, error, message, field?, requestId }`. ' +
        'Every answer carries `x-request-id`. Admin routes need the `x-admin-key` header.',
    )
    .setVersion(appVersion())
    .addApiKey({ type: 'apiKey', in: 'header', name: ADMIN_KEY_HEADER }, ADMIN_KEY_SCHEME)
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup(DOCS_PATH, app, document, { jsonDocumentUrl: `${DOCS_PATH}-json` });
}
