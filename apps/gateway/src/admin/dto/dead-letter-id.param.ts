import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

/** `<service>:<message id>` as orders stores it (at most 160 characters, printable ASCII). */
const DEAD_LETTER_ID = /^[\x21-\x7e]{1,160}$/;

export class DeadLetterIdParam {
  @ApiProperty({
    description: 'The dead letter (`<service>:<message id>`)',
    pattern: DEAD_LETTER_ID.source,
    maxLength: 160,
    example: 'payments:7f0e8d2c-1b3a-4c5d-9e6f-0a1b2c3d4e5f',
  })
  @Matches(DEAD_LETTER_ID, { message: 'id must be 1 to 160 printable ASCII characters' })
  id!: string;
}
