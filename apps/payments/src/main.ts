import { bootstrapService } from '@shop/platform';

import { AppModule } from './app.module';

void bootstrapService(AppModule, { service: 'payments', consumesKafka: true });
