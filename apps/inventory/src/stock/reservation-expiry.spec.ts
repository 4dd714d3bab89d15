import { ReservationExpiry } from './reservation-expiry';
import { StockService } from './stock.service';

/** A StockService whose `expire` fails for the sagas in `poisoned`. */
function stockWith(due: string[], poisoned: Set<string>) {
  const expired: string[] = [];
  const stock = {
    dueReservations: async () => due,
    expire: async (sagaId: string) => {
      if (poisoned.has(sagaId)) throw new Error(`cannot move units of ${sagaId}`);
      expired.push(sagaId);
      return true;
    },
  } as unknown as StockService;
  return { stock, expired };
}

describe('ReservationExpiry', () => {
  it('expires every due reservation', async () => {
    const { stock, expired } = stockWith(['a', 'b', 'c'], new Set());
    expect(await new ReservationExpiry(stock).expireDue()).toBe(3);
    expect(expired).toEqual(['a', 'b', 'c']);
  });

  it('a reservation that cannot be expired does not hold up the ones after it', async () => {
    const { stock, expired } = stockWith(['poison', 'b', 'c'], new Set(['poison']));
    expect(await new ReservationExpiry(stock).expireDue()).toBe(2);
    expect(expired).toEqual(['b', 'c']);
  });

  it('runs one pass at a time', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const stock = {
      dueReservations: async () => (await gate, ['a']),
      expire: async () => true,
    } as unknown as StockService;
    const expiry = new ReservationExpiry(stock);
    const first = expiry.expireDue();
    expect(await expiry.expireDue()).toBe(0);
    release();
    expect(await first).toBe(1);
  });
});
