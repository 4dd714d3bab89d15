import { ToStrictInt } from '@shop/platform';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

const ID = /^[A-Za-z0-9._:-]{1,64}$/;

export class RecommendationsQuery {
  /** Product being viewed: "customers who bought this also bought". */
  @IsOptional()
  @Matches(ID, { message: 'productId must be 1-64 letters, digits, . _ : -' })
  productId?: string;

  /** Customer to personalise for (their order history). */
  @IsOptional()
  @Matches(ID, { message: 'customerId must be 1-64 letters, digits, . _ : -' })
  customerId?: string;

  @IsOptional()
  @ToStrictInt()
  @IsInt()
  @Min(1)
  @Max(20)
  limit: number = 5;
}
