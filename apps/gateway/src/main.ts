import { bootstrapService } from '@shop/platform';
import helmet from 'helmet';
import { AppModule } from './app.module';
import { limitedBodyParsers } from './common/body-limit';
import { requestIdMiddleware } from './common/request-id';
import { createValidationPipe } from './common/validation';
import { setUpApiDocs } from './docs/openapi';

void bootstrapService(AppModule, {
  service: 'gateway',
  consumesKafka: false,
  configure: (app) => {
    // Order matters: the request id first (every later answer, even a 413, carries it), then
    // security headers, then the size-limited body parsers (before Nest's own, which then skip).
    app.use(requestIdMiddleware);
    app.use(
      helmet({
        // The docs UI loads its own inline scripts and styles; everything else is JSON. No
        // upgrade-insecure-requests: behind plain HTTP (dev, port-forward) it would break the UI.
        contentSecurityPolicy: {
          directives: { 'script-src': ["'self'", "'unsafe-inline'"], 'style-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'], 'upgrade-insecure-requests': null },
        },
      }),
    );
    app.use(...limitedBodyParsers());
    app.useGlobalPipes(createValidationPipe());
    setUpApiDocs(app);
  },
});
