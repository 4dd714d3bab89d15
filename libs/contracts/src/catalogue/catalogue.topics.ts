import { requestReplyTopics, TopicSpec } from '../topic-spec';
import type { CatalogueProduct } from './catalogue';

/**
 * Request-reply topics of the catalogue, answered by `inventory`, which owns the products and
 * their stock. They have a topic (and an inventory consumer) of their own rather than sharing
 * `inventory.products.lookup`: product pages must not queue behind the saga's stock commands on
 * inventory's main consumer, which handles one message at a time.
 */
export const CATALOGUE_REQUESTS = {
  /** gateway → inventory: one product and its units available now ({@link CatalogueProductRequest}). */
  product: 'inventory.catalogue.product',
} as const;

export const CATALOGUE_TOPICS: readonly TopicSpec[] = requestReplyTopics(Object.values(CATALOGUE_REQUESTS), 1);

/** The product ids the gateway accepts in a URL, and so the SKUs a catalogue request may name. */
export const PRODUCT_ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

export interface CatalogueProductRequest {
  sku: string;
}

/** Inventory's answer: the product and how many units can be ordered (not reserved, not sold). */
export interface CatalogueProductReply {
  product: CatalogueProduct;
  available: number;
}
