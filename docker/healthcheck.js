// Container health probe for plain `docker run` (slim images have no curl):
// GET http://127.0.0.1:$PORT$HEALTH_PATH, healthy on a 2xx within 2.5 s.
const port = process.env.PORT;
const path = process.env.HEALTH_PATH || '/health/ready';
if (!port) {
  console.error('healthcheck: PORT is not set');
  process.exit(1);
}
fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(2500) }).then(
  (res) => process.exit(res.ok ? 0 : 1),
  (err) => {
    console.error(`healthcheck: ${err.message}`);
    process.exit(1);
  },
);
