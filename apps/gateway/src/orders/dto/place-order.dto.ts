import { FIELD_LIMITS } from '@shop/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
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
  @Matches(new RegExp(`^[A-Z0-9][A-Z0-9-]{0,${FIELD_LIMITS.sku - 1}}$`), {
    message: 'sku must be an upper-case SKU such as DOG-FOOD-12KG',
  })
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
  @Length(1, FIELD_LIMITS.addressName)
  name!: string;

  @IsString()
  @Length(1, FIELD_LIMITS.addressStreet)
  street!: string;

  @IsString()
  @Length(1, FIELD_LIMITS.addressCity)
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
  @Matches(new RegExp(`^[A-Za-z0-9][A-Za-z0-9_-]{0,${FIELD_LIMITS.customerId - 1}}$`), {
    message: `customerId must be 1 to ${FIELD_LIMITS.customerId} letters, digits, dashes or underscores`,
  })
  customerId!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsObject({ each: true, message: 'each value in items must be an object' })
  @ValidateNested({ each: true })
  @Type(() => OrderItemDto)
  items!: OrderItemDto[];

  // A nested DTO is validated only when present and an object: @IsDefined + @IsObject make
  // absent, null, a string or an array a 400 naming the field, not an empty object.
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => PaymentDto)
  payment!: PaymentDto;

  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ShippingAddressDto)
  shippingAddress!: ShippingAddressDto;
}
