import { Injectable } from '@nestjs/common';
import type { CatalogueProduct } from '@shop/contracts';
import { DataSource } from 'typeorm';

interface ProductRow {
  id: string;
  name: string;
  species: string;
  category: string;
  price_cents: number;
}

const toProduct = (r: ProductRow): CatalogueProduct => ({
  id: r.id,
  name: r.name,
  species: r.species,
  category: r.category,
  priceCents: Number(r.price_cents),
});

/** The advisor's copy of the catalogue. */
@Injectable()
export class CatalogueRepository {
  constructor(private readonly db: DataSource) {}

  async find(id: string): Promise<CatalogueProduct | undefined> {
    const rows: ProductRow[] = await this.db.query(
      'SELECT id, name, species, category, price_cents FROM catalogue_products WHERE id = ?',
      [id],
    );
    return rows[0] ? toProduct(rows[0]) : undefined;
  }

  async all(): Promise<CatalogueProduct[]> {
    const rows: ProductRow[] = await this.db.query(
      'SELECT id, name, species, category, price_cents FROM catalogue_products ORDER BY id',
    );
    return rows.map(toProduct);
  }
}
