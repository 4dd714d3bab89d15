import 'reflect-metadata';

import { CATALOGUE } from '@shop/contracts';
import { asResult } from '@shop/platform';
import { createPrivateDatabase, PrivateDatabase } from '@shop/platform/testing';

import { Catalogue1732600000100 } from '../migrations/1732600000100-catalogue';
import { ProductsRepository } from '../stock/products.repository';
import { CatalogueService } from './catalogue.service';

/** Product reads against a real MariaDB seeded by inventory's migration (a private database per run). */

let db: PrivateDatabase;
let catalogue: CatalogueService;

beforeAll(async () => {
  db = await createPrivateDatabase('inventory_catalogue', [Catalogue1732600000100]);
  catalogue = new CatalogueService(new ProductsRepository(db.dataSource));
});
afterAll(() => db.dispose());

describe('CatalogueService on the seeded products', () => {
  it('answers every product of the shop’s catalogue as seeded: price in cents, the stock received', async () => {
    const answers = await Promise.all(CATALOGUE.map((item) => catalogue.product(item.sku)));
    expect(answers).toEqual(
      CATALOGUE.map((item) => ({
        product: {
          id: item.sku,
          name: item.name,
          species: item.species,
          category: item.category,
          priceCents: item.priceCents,
        },
        available: item.initialStock,
      })),
    );
  });

  it('answers NOT_FOUND for a SKU it does not have', async () => {
    await expect(asResult(() => catalogue.product('NO-SUCH-SKU'))).resolves.toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'no product NO-SUCH-SKU' },
    });
  });
});
