// First: the tracing SDK must patch http, kafkajs, mysql2 and ioredis before they are loaded.
import '@shop/platform/tracing';

import { bootstrapService } from '@shop/platform';

import { AppModule } from './app.module';
import { limitedBodyParsers } from './common/body-limit';
import { requestIdMiddleware } from './common/request-id';
import { securityHeaders } from './common/security-headers';
import { createValidationPipe } from './common/validation';
import { shedAtTheDoor } from './compartments/door-shed';
import { setUpApiDocs } from './docs/openapi';

void bootstrapService(AppModule, {
  service: 'gateway',
  consumesKafka: false,
  configure: (app) => {
    // Before Express: a request its compartment is sure to refuse is answered at once.
    shedAtTheDoor(app);
    // Order matters: the request id first (every later answer, even a 413, carries it), then
    // security headers, then the size-limited body parsers (before Nest's own, which then skip).
    app.use(requestIdMiddleware);
    app.use(securityHeaders);
    app.use(...limitedBodyParsers());
    app.useGlobalPipes(createValidationPipe());
    setUpApiDocs(app);
  },
});
