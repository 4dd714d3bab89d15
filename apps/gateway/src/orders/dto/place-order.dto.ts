import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

export const PAYMENT_METHODS = ['card', 'paypal', 'sepa'] as const;

export class OrderItemDto {
  @IsString()
  @Matches(/^[A-Z0-9][A-Z0-9-]{0,31}$/, { message: 'sku must be an upper-case SKU such as DOG-FOOD-12KG' })
  sku!: string;

  @IsInt()
  @Min(1)
  @Max(100)
  quantity!: number;
}

export class PaymentDto {
  @IsIn(PAYMENT_METHODS)
  method!: (typeof PAYMENT_METHODS)[number];
}

export class ShippingAddressDto {
  @IsString()
  @Length(1, 100)
  name!: string;

  @IsString()
  @Length(1, 200)
  street!: string;

  @IsString()
  @Length(1, 100)
  city!: string;

  @IsString()
  @Matches(/^[A-Za-z0-9 -]{2,12}$/, { message: 'postalCode must be 2 to 12 letters, digits, spaces or dashes' })
  postalCode!: string;

  @IsString()
  @Matches(/^[A-Z]{2}$/, { message: 'country must be a 2-letter ISO 3166-1 code in upper case' })
  country!: string;
}

/** `POST /api/orders` body. Unknown fields are refused (whitelist + forbidNonWhitelisted). */
export class PlaceOrderDto {
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, {
    message: 'customerId must be 1 to 64 letters, digits, dashes or underscores',
  })
  customerId!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => OrderItemDto)
  items!: OrderItemDto[];

  @ValidateNested()
  @Type(() => PaymentDto)
  payment!: PaymentDto;

  @ValidateNested()
  @Type(() => ShippingAddressDto)
  shippingAddress!: ShippingAddressDto;
}
