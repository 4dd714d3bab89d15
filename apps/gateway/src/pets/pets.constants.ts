/** A product id whose catalogue read always fails, to demonstrate the failure path (and the breaker). */
export const BROKEN_PRODUCT_ID = 'broken-product';
/** How long a product (and its availability) stays in the Redis cache. */
export const PRODUCT_CACHE_TTL_SECONDS = 60;
// `v2`: the value became a ProductSnapshot (product, available, asOf); a copy of the old shape
// under the old key is never read as a new one.
export const productCacheKey = (id: string) => `gateway:product:v2:${id}`;
/**
 * The last-known copy of a product, without a TTL: it answers (marked estimated) while inventory
 * cannot. Keys are only written for products inventory answered, so they are bounded by the
 * catalogue.
 */
export const lastKnownProductKey = (id: string) => `gateway:product-last-known:v2:${id}`;
