import { ApiProperty } from '@nestjs/swagger';
import { ALL_APPS, DEPENDENCIES } from '@shop/contracts';
import { Matches } from 'class-validator';

// A name's form is checked here (400 when malformed); whether the fleet has it is the settings
// service's question (404), as for the ids of the other routes.
const SERVICE = /^[a-z][a-z0-9-]{0,31}$/;
const DEPENDENCY = /^[a-z][a-z0-9_]{0,63}$/;

export class ResilienceServiceParam {
  @ApiProperty({
    description: 'An app of the fleet (another name answers 404)',
    enum: ALL_APPS,
    pattern: SERVICE.source,
    example: 'payments',
  })
  @Matches(SERVICE, { message: 'service must be an app name: lower-case letters, digits and dashes, at most 32' })
  service!: string;
}

export class ResilienceDependencyParams extends ResilienceServiceParam {
  @ApiProperty({
    description: 'A dependency of that app, as GET /api/admin/resilience/{service} lists them (another answers 404)',
    enum: Object.values(DEPENDENCIES),
    pattern: DEPENDENCY.source,
    example: 'payment_provider',
  })
  @Matches(DEPENDENCY, {
    message: 'dependency must be a dependency name: lower-case letters, digits and underscores, at most 64',
  })
  dependency!: string;
}
