import { ValidationPipe } from '@nestjs/common';
import { bootstrapService } from '@shop/platform';
import { AppModule } from './app.module';

void bootstrapService(AppModule, {
  service: 'ml-advisor',
  consumesKafka: true,
  configure: (app) => {
    app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  },
});
