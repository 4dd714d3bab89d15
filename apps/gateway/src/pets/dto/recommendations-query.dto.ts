import { ApiPropertyOptional } from '@nestjs/swagger';
import { ToStrictInt } from '@shop/platform';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

const ID = /^[A-Za-z0-9._:-]{1,64}$/;

export class RecommendationsQueryDto {
  @ApiPropertyOptional({ description: '"Customers who bought this also bought"', pattern: ID.source })
  @IsOptional()
  @Matches(ID, { message: 'productId must be 1-64 letters, digits, . _ : -' })
  productId?: string;

  @ApiPropertyOptional({ description: 'Personalise for this customer', pattern: ID.source })
  @IsOptional()
  @Matches(ID, { message: 'customerId must be 1-64 letters, digits, . _ : -' })
  customerId?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 20, default: 5 })
  @IsOptional()
  @ToStrictInt()
  @IsInt()
  @Min(1)
  @Max(20)
  limit: number = 5;
}
