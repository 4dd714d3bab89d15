import { createCarrierProvider } from './carrier/carrier.provider';
import { createNotificationProvider } from './notification/notification.provider';
import { createPaymentProvider } from './payment/payment.provider';
import type { Provider, ProviderKind } from './provider';

export interface ProviderOptions {
  /** payment only: amounts strictly above this are declined (default 1000.00). */
  declineAbove?: number;
}

/** Builds the simulator for one kind. */
export function createProvider(kind: ProviderKind, options: ProviderOptions = {}): Provider {
  switch (kind) {
    case 'payment':
      return createPaymentProvider({ declineAbove: options.declineAbove });
    case 'carrier':
      return createCarrierProvider();
    case 'notification':
      return createNotificationProvider();
  }
}
