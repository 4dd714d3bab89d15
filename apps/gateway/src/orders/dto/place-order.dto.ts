import { ApiProperty } from '@nestjs/swagger';
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

const SKU = new RegExp(`^[A-Z0-9][A-Z0-9-]{0,${FIELD_LIMITS.sku - 1}}$`);
const CUSTOMER_ID = new RegExp(`^[A-Za-z0-9][A-Za-z0-9_-]{0,${FIELD_LIMITS.customerId - 1}}$`);
const POSTAL_CODE = /^[A-Za-z0-9 -]{2,12}$/;
const COUNTRY = /^[A-Z]{2}$/;

export class OrderItemDto {
  @ApiProperty({ pattern: SKU.source, maxLength: FIELD_LIMITS.sku, example: 'DOG-BED-L' })
  @IsString()
  @Matches(SKU, {
    message: 'sku must be an upper-case SKU such as DOG-FOOD-12KG',
  })
  sku!: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 100, example: 2 })
  @IsInt()
  @Min(1)
  @Max(100)
  quantity!: number;
}

export class PaymentDto {
  @ApiProperty({ enum: PAYMENT_METHODS, example: 'card' })
  @IsIn(PAYMENT_METHODS)
  method!: (typeof PAYMENT_METHODS)[number];
}

export class ShippingAddressDto {
  @ApiProperty({ minLength: 1, maxLength: FIELD_LIMITS.addressName, example: 'Ada Lovelace' })
  @IsString()
  @Length(1, FIELD_LIMITS.addressName)
  name!: string;

  @ApiProperty({ minLength: 1, maxLength: FIELD_LIMITS.addressStreet, example: 'Hauptstraße 1' })
  @IsString()
  @Length(1, FIELD_LIMITS.addressStreet)
  street!: string;

  @ApiProperty({ minLength: 1, maxLength: FIELD_LIMITS.addressCity, example: 'Berlin' })
  @IsString()
  @Length(1, FIELD_LIMITS.addressCity)
  city!: string;

  @ApiProperty({ pattern: POSTAL_CODE.source, minLength: 2, maxLength: 12, example: '10115' })
  @IsString()
  @Matches(POSTAL_CODE, { message: 'postalCode must be 2 to 12 letters, digits, spaces or dashes' })
  postalCode!: string;

  @ApiProperty({ pattern: COUNTRY.source, minLength: 2, maxLength: 2, example: 'DE' })
  @IsString()
  @Matches(COUNTRY, { message: 'country must be a 2-letter ISO 3166-1 code in upper case' })
  country!: string;
}

/** `POST /api/orders` body. Unknown fields are refused (whitelist + forbidNonWhitelisted). */
export class PlaceOrderDto {
  @ApiProperty({ pattern: CUSTOMER_ID.source, maxLength: FIELD_LIMITS.customerId, example: 'customer-42' })
  @IsString()
  @Matches(CUSTOMER_ID, {
    message: `customerId must be 1 to ${FIELD_LIMITS.customerId} letters, digits, dashes or underscores`,
  })
  customerId!: string;

  @ApiProperty({ type: [OrderItemDto], minItems: 1, maxItems: 50 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsObject({ each: true, message: 'each value in items must be an object' })
  @ValidateNested({ each: true })
  @Type(() => OrderItemDto)
  items!: OrderItemDto[];

  // A nested DTO is validated only when present and an object: @IsDefined + @IsObject make
  // absent, null, a string or an array a 400 naming the field, not an empty object.
  @ApiProperty({ type: PaymentDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => PaymentDto)
  payment!: PaymentDto;

  @ApiProperty({ type: ShippingAddressDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ShippingAddressDto)
  shippingAddress!: ShippingAddressDto;
}
