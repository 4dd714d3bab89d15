import { anOrderCompletedEvent } from '@shop/contracts/testing';

import { followUpNotice } from './follow-up.notice';

const orderId = '5f0c1d2e-0000-4000-8000-000000000001';
const event = anOrderCompletedEvent({
  orderId,
  customerId: 'CUST-42',
  lines: [
    { sku: 'DOG-FOOD-12KG', quantity: 2, unitPriceCents: 5490 },
    { sku: 'SKU-NOT-IN-CATALOGUE', quantity: 1, unitPriceCents: 100 },
  ],
});

describe('followUpNotice', () => {
  it('is a background FOLLOW_UP keyed by the order, to the customer, naming what was bought', () => {
    const notice = followUpNotice(event);
    expect(notice).toMatchObject({
      idempotencyKey: 'follow-up-5f0c1d2e-0000-4000-8000-000000000001',
      kind: 'FOLLOW_UP',
      sagaId: null,
      orderId: event.orderId,
      recipient: 'cust-42@customers.petshop.example',
      subject: 'How are you getting on with order 5f0c1d2e?',
    });
    // Catalogue names where the SKU is known, the SKU itself where it is not.
    expect(notice.body).toContain('2 × Grain-free adult dog food 12 kg');
    expect(notice.body).toContain('1 × SKU-NOT-IN-CATALOGUE');
  });

  it('gives the same key to a redelivered event', () => {
    expect(followUpNotice({ ...event }).idempotencyKey).toBe(followUpNotice(event).idempotencyKey);
  });
});
