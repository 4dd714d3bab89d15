import { asResult } from '@shop/platform';

import { ProductRow, ProductsRepository } from '../stock/products.repository';
import { CatalogueService, toCatalogueReply } from './catalogue.service';

const BED: ProductRow = {
  sku: 'DOG-BED-L',
  name: 'Orthopaedic dog bed, large',
  species: 'dog',
  category: 'beds',
  // As mysql2 returns DECIMAL columns: strings.
  price: '89.00',
  currency: 'EUR',
  weight_kg: '4.500',
  available: 97,
  reserved: 2,
  sold: 1,
};

function serviceWith(rows: ProductRow[]) {
  const asked: string[][] = [];
  const products = {
    bySkus: (skus: string[]) => {
      asked.push(skus);
      return Promise.resolve(rows.filter((r) => skus.includes(r.sku)));
    },
  } as unknown as ProductsRepository;
  return { service: new CatalogueService(products), asked };
}

describe('CatalogueService', () => {
  it('answers a product with its price in cents and the units that can be ordered now', async () => {
    const { service, asked } = serviceWith([BED]);
    await expect(service.product('DOG-BED-L')).resolves.toEqual({
      product: {
        id: 'DOG-BED-L',
        name: 'Orthopaedic dog bed, large',
        species: 'dog',
        category: 'beds',
        priceCents: 8900,
      },
      available: 97,
    });
    expect(asked).toEqual([['DOG-BED-L']]);
  });

  it('rounds a price whose ×100 is not exact in binary', () => {
    expect(toCatalogueReply({ ...BED, price: '14.50' }).product.priceCents).toBe(1450);
    expect(toCatalogueReply({ ...BED, price: '0.29' }).product.priceCents).toBe(29);
  });

  it('an unknown SKU travels as NOT_FOUND, without a field (the id is well formed)', async () => {
    const { service } = serviceWith([BED]);
    await expect(asResult(() => service.product('NO-SUCH-SKU'))).resolves.toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'no product NO-SUCH-SKU' },
    });
  });
});
