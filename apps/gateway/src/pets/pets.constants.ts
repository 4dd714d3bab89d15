/** A product id whose catalogue read always fails, to demonstrate the failure path (and the breaker). */
export const BROKEN_PRODUCT_ID = 'broken-product';
/** How long a product stays in the Redis cache. */
export const PRODUCT_CACHE_TTL_SECONDS = 60;
export const productCacheKey = (id: string) => `gateway:product:${id}`;
