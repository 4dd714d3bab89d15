import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PRODUCT_ID_PATTERN } from '@shop/contracts';
import { IsOptional, Matches } from 'class-validator';

// Product ids are the catalogue requests' SKUs: inventory's contract checks the same pattern.
const ID = PRODUCT_ID_PATTERN;

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
