import {
  createTableSql,
  defineTable,
  rowMatches,
  selectPageStatement,
  tableLayout,
  toSqlValue,
  upsertStatement,
} from './write-behind.table';

const table = defineTable<{ customerId: string; items: string[] }>({
  name: 'orders',
  columns: { customer_id: { type: 'VARCHAR(64)' }, items: { type: 'JSON', nullable: true } },
  indexes: [['customer_id']],
  toRow: (order) => ({ customer_id: order.customerId, items: order.items }),
  fromRow: (row) => ({ customerId: String(row.customer_id), items: row.items as string[] }),
});

describe('createTableSql', () => {
  it('declares the key, the columns, the version column and the indexes', () => {
    expect(createTableSql(table)).toBe(
      'CREATE TABLE IF NOT EXISTS `orders` (\n' +
        '  `id` VARCHAR(64) NOT NULL,\n' +
        '  `customer_id` VARCHAR(64) NOT NULL,\n' +
        '  `items` JSON NULL,\n' +
        '  `version` BIGINT NOT NULL,\n' +
        '  PRIMARY KEY (`id`),\n' +
        '  KEY `idx_orders_customer_id` (`customer_id`)\n' +
        ') ENGINE=InnoDB DEFAULT CHARSET=utf8mb4',
    );
  });

  it('refuses identifiers that would need escaping', () => {
    expect(() => createTableSql({ ...table, name: 'orders; DROP TABLE x' })).toThrow(/Invalid SQL identifier/);
  });

  it('refuses a column list that repeats the key or version column', () => {
    expect(() => tableLayout({ ...table, columns: { ...table.columns, version: { type: 'INT' } } })).toThrow(
      /must not repeat/,
    );
  });
});

describe('upsertStatement', () => {
  const layout = tableLayout(table);

  it('writes every row as parameters and only lets a higher version change a row', () => {
    const { sql, params } = upsertStatement(layout, [
      { key: 'a', version: 3, row: { customer_id: 'c1', items: ['x'] } },
      { key: 'b', version: 4, row: { customer_id: 'c2' } },
    ]);
    expect(sql).toBe(
      'INSERT INTO `orders` (`id`, `customer_id`, `items`, `version`) VALUES (?, ?, ?, ?), (?, ?, ?, ?) ' +
        'ON DUPLICATE KEY UPDATE ' +
        '`customer_id` = IF(VALUES(`version`) > `version`, VALUES(`customer_id`), `customer_id`), ' +
        '`items` = IF(VALUES(`version`) > `version`, VALUES(`items`), `items`), ' +
        '`version` = GREATEST(`version`, VALUES(`version`))',
    );
    expect(params).toEqual(['a', 'c1', '["x"]', 3, 'b', 'c2', null, 4]);
  });

  it('assigns the version column last so the guards compare against the old version', () => {
    const { sql } = upsertStatement(layout, [{ key: 'a', version: 1, row: {} }]);
    expect(sql.endsWith('`version` = GREATEST(`version`, VALUES(`version`))')).toBe(true);
  });
});

describe('selectPageStatement', () => {
  const layout = tableLayout(table);

  it('filters, pages below the cursor and orders newest first', () => {
    expect(selectPageStatement(layout, { customer_id: ['c1', 'c2'], items: null }, '01J', 10)).toEqual({
      sql: 'SELECT * FROM `orders` WHERE `customer_id` IN (?, ?) AND `items` IS NULL AND `id` < ? ORDER BY `id` DESC LIMIT 10',
      params: ['c1', 'c2', '01J'],
    });
  });

  it('matches nothing for an empty IN list', () => {
    expect(selectPageStatement(layout, { customer_id: [] }, undefined, 5).sql).toContain('WHERE 1 = 0');
  });

  it('rejects filters on unknown columns', () => {
    expect(() => selectPageStatement(layout, { nope: 1 }, undefined, 5)).toThrow(/Unknown column/);
  });
});

describe('rowMatches', () => {
  it('compares like MySQL would for numbers given as strings', () => {
    expect(rowMatches({ total: 5 }, { total: '5' })).toBe(true);
    expect(rowMatches({ total: 5 }, { total: [1, 5] })).toBe(true);
    expect(rowMatches({ total: 5 }, { total: 6 })).toBe(false);
  });

  it('treats a missing column as NULL', () => {
    expect(rowMatches({}, { note: null })).toBe(true);
    expect(rowMatches({ note: 'x' }, { note: null })).toBe(false);
  });
});

describe('toSqlValue', () => {
  it('turns objects into JSON text instead of letting mysql2 expand them', () => {
    expect(toSqlValue({ a: 1 })).toBe('{"a":1}');
    expect(toSqlValue(undefined)).toBeNull();
    const now = new Date();
    expect(toSqlValue(now)).toBe(now);
  });
});
