import 'reflect-metadata';

import { randomUUID } from 'node:crypto';

import { ConfigService } from '@nestjs/config';
import { SagaCommand, sagaCommandId } from '@shop/contracts';
import { OUTBOX_MIGRATIONS, OutboxRelay, ProcessedMessages1732500000000 } from '@shop/messaging';
import { createPrivateDatabase, PrivateDatabase } from '@shop/platform/testing';
import { ResilienceRegistry } from '@shop/resilience';
import { register } from 'prom-client';

import { Payments1732600000200 } from '../../apps/payments/src/migrations/1732600000200-payments';
import { PaymentLedger1732600000201 } from '../../apps/payments/src/migrations/1732600000201-payment-ledger';
import { PaymentProviderClient } from '../../apps/payments/src/payments/payment-provider.client';
import { PaymentsRepository } from '../../apps/payments/src/payments/payments.repository';
import { chargeKey, PaymentsService } from '../../apps/payments/src/payments/payments.service';
import { SettleLoop } from '../../apps/payments/src/payments/settle-loop';
import { eventually, startTestProvider, TestProvider } from '../../apps/providers/src/testing/provider-test-client';

/**
 * Payments against a real MariaDB and the real payment simulator over HTTP: a refund that races
 * its charge, or a provider that cannot confirm, never leaves money on a cancelled order.
 */

let db: PrivateDatabase;
let provider: TestProvider;
let payments: PaymentsService;
let repository: PaymentsRepository;
let loop: SettleLoop;

/** The client's timeout; the provider's injected latency is set around it per test. */
const TIMEOUT_MS = 300;
const relay = { kick: () => undefined } as unknown as OutboxRelay;

beforeAll(async () => {
  db = await createPrivateDatabase('payments_ledger', [
    ProcessedMessages1732500000000,
    ...OUTBOX_MIGRATIONS,
    Payments1732600000200,
    PaymentLedger1732600000201,
  ]);
  provider = await startTestProvider('payment');
});

afterAll(async () => {
  await provider.close();
  await db.dispose();
});

beforeEach(async () => {
  register.clear();
  await provider.post('/admin/reset', {}, { headers: { 'x-admin-key': 'test-admin-key' } });
  const registry = new ResilienceRegistry({
    resilience: {
      dependencies: {
        // No retry and no breaker: each test decides what each single call meets.
        payment_provider: { timeoutMs: TIMEOUT_MS },
      },
    },
  });
  const client = new PaymentProviderClient(registry, new ConfigService({ PAYMENT_PROVIDER_URL: provider.url }));
  repository = new PaymentsRepository(db.dataSource);
  payments = new PaymentsService(repository, client, relay);
  loop = new SettleLoop(payments);
});

function command(sagaId: string, phase: 'action' | 'compensation', amount = 25): SagaCommand {
  const charge = phase === 'action';
  return {
    version: 1,
    messageId: sagaCommandId(sagaId, 4, phase),
    sagaId,
    orderId: sagaId,
    step: 4,
    action: charge ? 'CHARGE_PAYMENT' : 'REFUND_PAYMENT',
    attempt: 1,
    sentAt: new Date().toISOString(),
    payload: charge ? { amount, currency: 'EUR', method: 'card' } : {},
  };
}

async function status(sagaId: string): Promise<string | undefined> {
  return (await repository.find(sagaId))?.status;
}

async function ledger(sagaId: string): Promise<string[]> {
  return (await repository.ledger(sagaId)).map((entry) => `${entry.operation} ${entry.outcome}`);
}

/** Replies payments queued in the outbox for a command, as `ACTION OUTCOME`. */
async function replies(commandId: string): Promise<string[]> {
  const rows = await db.dataSource.query<{ payload: string }[]>(
    "SELECT payload FROM outbox WHERE topic = 'saga.replies' ORDER BY id",
  );
  return rows
    .map((row) => JSON.parse(row.payload) as { commandId: string; action: string; outcome: string })
    .filter((reply) => reply.commandId === commandId)
    .map((reply) => `${reply.action} ${reply.outcome}`);
}

async function providerLedger(sagaId: string): Promise<{ captured: number; refunded: number }> {
  const charges = (await provider.get(`/charges?orderId=${sagaId}`)).body.charges as { status: string }[];
  const refunds = (await provider.get(`/refunds?orderId=${sagaId}`)).body.refunds as unknown[];
  return { captured: charges.filter((charge) => charge.status === 'captured').length, refunded: refunds.length };
}

/** Makes every unsettled payment due now and runs one pass of the settle loop. */
async function settleNow(): Promise<void> {
  await db.dataSource.query('UPDATE payments SET next_attempt_at = NOW(3) WHERE next_attempt_at IS NOT NULL');
  await loop.runOnce();
}

describe('payments ledger (real MariaDB, real payment simulator)', () => {
  it('refunds a charge whose call timed out after the provider captured it, before the order is cancelled', async () => {
    const sagaId = randomUUID();
    await provider.setFaults({ latencyMs: TIMEOUT_MS * 3 });
    await payments.handle(command(sagaId, 'action'));
    await eventually(async () => (await ledger(sagaId)).includes('CHARGE UNKNOWN'), 5_000);
    expect(await status(sagaId)).toBe('PENDING');
    expect(await providerLedger(sagaId)).toEqual({ captured: 1, refunded: 0 });

    await provider.clearFaults();
    await payments.handle(command(sagaId, 'compensation'));

    expect(await status(sagaId)).toBe('REFUNDED');
    expect(await providerLedger(sagaId)).toEqual({ captured: 1, refunded: 1 });
    expect(await ledger(sagaId)).toEqual(['CHARGE UNKNOWN', 'VOID CAPTURED', 'REFUND REFUNDED']);
    expect(await replies(sagaCommandId(sagaId, 4, 'compensation'))).toEqual(['REFUND_PAYMENT SUCCEEDED']);
  });

  it('voids the key of a charge that never landed, so a late charge with it is refused', async () => {
    const sagaId = randomUUID();
    await provider.setFaults({ errorRate: 1 });
    await payments.handle(command(sagaId, 'action'));
    await eventually(async () => (await ledger(sagaId)).includes('CHARGE UNKNOWN'), 5_000);

    await provider.clearFaults();
    await payments.handle(command(sagaId, 'compensation'));
    expect(await status(sagaId)).toBe('VOIDED');
    expect(await replies(sagaCommandId(sagaId, 4, 'compensation'))).toEqual(['REFUND_PAYMENT SUCCEEDED']);

    const late = await provider.post('/charges', {
      orderId: sagaId,
      amount: 25,
      currency: 'EUR',
      idempotencyKey: chargeKey(sagaId),
    });
    expect(late.status).toBe(409);
    expect(await providerLedger(sagaId)).toEqual({ captured: 0, refunded: 0 });
  });

  it('refunds a capture that lands while the refund is being handled, exactly once', async () => {
    const sagaId = randomUUID();
    // Slow but within the timeout: the charge is in flight when the refund arrives.
    await provider.setFaults({ latencyMs: TIMEOUT_MS / 2 });
    const charging = payments.handle(command(sagaId, 'action'));
    await charging;
    await payments.handle(command(sagaId, 'compensation'));
    await eventually(async () => (await status(sagaId)) === 'REFUNDED', 5_000);
    await eventually(async () => (await ledger(sagaId)).some((entry) => entry.startsWith('CHARGE')), 5_000);

    expect(await providerLedger(sagaId)).toEqual({ captured: 1, refunded: 1 });
    expect((await ledger(sagaId)).filter((entry) => entry === 'REFUND REFUNDED')).toHaveLength(1);
    expect(await replies(sagaCommandId(sagaId, 4, 'compensation'))).toEqual(['REFUND_PAYMENT SUCCEEDED']);
  });

  it('keeps a refund the provider cannot confirm, and the settle loop completes and answers it', async () => {
    const sagaId = randomUUID();
    await payments.handle(command(sagaId, 'action'));
    await eventually(async () => (await status(sagaId)) === 'CAPTURED', 5_000);

    await provider.setFaults({ mode: 'down' });
    await payments.handle(command(sagaId, 'compensation'));
    expect(await status(sagaId)).toBe('REFUND_PENDING');
    expect(await replies(sagaCommandId(sagaId, 4, 'compensation'))).toEqual(['REFUND_PAYMENT FAILED']);
    expect(await providerLedger(sagaId)).toEqual({ captured: 1, refunded: 0 });

    // A pass while the provider is still down changes nothing but the schedule.
    await settleNow();
    expect(await status(sagaId)).toBe('REFUND_PENDING');

    await provider.clearFaults();
    await settleNow();
    expect(await status(sagaId)).toBe('REFUNDED');
    expect(await providerLedger(sagaId)).toEqual({ captured: 1, refunded: 1 });
    expect(await ledger(sagaId)).toEqual(['CHARGE CAPTURED', 'REFUND UNKNOWN', 'REFUND UNKNOWN', 'REFUND REFUNDED']);
    expect(await replies(sagaCommandId(sagaId, 4, 'compensation'))).toEqual([
      'REFUND_PAYMENT FAILED',
      'REFUND_PAYMENT SUCCEEDED',
    ]);
  });

  it('resolves an unknown charge outcome by retrying with its key when the order is not cancelled', async () => {
    const sagaId = randomUUID();
    await provider.setFaults({ latencyMs: TIMEOUT_MS * 3 });
    await payments.handle(command(sagaId, 'action'));
    await eventually(async () => (await ledger(sagaId)).includes('CHARGE UNKNOWN'), 5_000);
    await provider.clearFaults();

    await settleNow();
    expect(await status(sagaId)).toBe('CAPTURED');
    expect(await providerLedger(sagaId)).toEqual({ captured: 1, refunded: 0 });
    expect(await replies(sagaCommandId(sagaId, 4, 'action'))).toEqual([
      'CHARGE_PAYMENT PENDING',
      'CHARGE_PAYMENT SUCCEEDED',
    ]);
  });
});
