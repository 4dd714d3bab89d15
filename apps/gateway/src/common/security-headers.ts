import helmet from 'helmet';

/**
 * The gateway's security headers (helmet), made once: `main.ts` applies them to every request,
 * and the door shed (`compartments/door-shed.ts`) to the answers it gives before Express runs.
 */
export const securityHeaders = helmet({
  // The docs UI loads its own inline scripts and styles; everything else is JSON. No
  // upgrade-insecure-requests: behind plain HTTP (dev, port-forward) it would break the UI.
  contentSecurityPolicy: {
    directives: {
      'script-src': ["'self'", "'unsafe-inline'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:'],
      'upgrade-insecure-requests': null,
    },
  },
});
