import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

const ID = /^[A-Za-z0-9._:-]{1,64}$/;

export class PetQueryDto {
  @ApiPropertyOptional({
    description: 'Personalise recommendations for this customer',
    pattern: ID.source,
    example: 'customer-42',
  })
  @IsOptional()
  @Matches(ID, { message: 'customerId must be 1-64 letters, digits, . _ : -' })
  customerId?: string;
}

export class PetIdParam {
  @ApiProperty({ description: 'The product id (its SKU)', pattern: ID.source, example: 'DOG-BED-L' })
  @Matches(ID, { message: 'id must be 1-64 letters, digits, . _ : -' })
  id!: string;
}
