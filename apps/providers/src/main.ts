import { runProviderProcess } from './bootstrap';

// PROVIDER_KIND=payment|carrier|notification PORT=4001 ADMIN_API_KEY=... node dist/apps/providers/src/main.js
void runProviderProcess(process);
