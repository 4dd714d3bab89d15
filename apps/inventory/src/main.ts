import { bootstrapService } from '@shop/platform';

import { AppModule } from './app.module';

void bootstrapService(AppModule, { service: 'inventory', consumesKafka: true });
