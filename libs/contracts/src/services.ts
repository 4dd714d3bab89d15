/** The backend services the gateway talks to over Kafka. The gateway itself is not in this list. */
export const BACKEND_SERVICES = ['orders', 'payments', 'inventory', 'notifications', 'ml-advisor'] as const;
export type BackendService = (typeof BACKEND_SERVICES)[number];

export const ALL_APPS = ['gateway', ...BACKEND_SERVICES] as const;
export type AppName = (typeof ALL_APPS)[number];
