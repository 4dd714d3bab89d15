import { createHmac, timingSafeEqual } from 'node:crypto';

import { Injectable, NotFoundException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ADMIN_KEY_HEADER, isAdminKey } from '@shop/platform';
import type { Request } from 'express';

/** Header that carries an order's access token on `GET /api/orders/:id`. */
export const ORDER_TOKEN_HEADER = 'x-order-token';

/**
 * Order-access tokens: the capability `POST /api/orders` hands to whoever placed the order.
 * A token is HMAC-SHA256(secret, orderId), base64url: unguessable without the secret, the same
 * for every gateway replica and for an idempotent replay of the same order, and nothing to
 * store. The secret is derived from ADMIN_API_KEY (rotating that key revokes every token).
 */
@Injectable()
export class OrderAccess {
  private readonly secret: Buffer;
  private readonly adminKey: string;

  constructor(config: ConfigService) {
    this.adminKey = config.getOrThrow<string>('ADMIN_API_KEY');
    this.secret = createHmac('sha256', this.adminKey).update('order-access-token/v1').digest();
  }

  tokenFor(orderId: string): string {
    return createHmac('sha256', this.secret).update(orderId).digest('base64url');
  }

  /** True for the order's own token or the admin key; compares in constant time. */
  mayRead(orderId: string, req: Pick<Request, 'header'>): boolean {
    if (isAdminKey(req.header(ADMIN_KEY_HEADER), this.adminKey)) return true;
    const presented = req.header(ORDER_TOKEN_HEADER);
    if (!presented) return false;
    const expected = Buffer.from(this.tokenFor(orderId));
    const given = Buffer.from(presented);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** Without the token an order is indistinguishable from one that does not exist (no probing). */
  static notFound(orderId: string): NotFoundException {
    return new NotFoundException({ error: 'NOT_FOUND', message: `no order ${orderId}`, field: 'id' });
  }
}
