import { createApp } from './create-app.js';
import { EnvError, loadEnv } from './config/env.js';

// Longer than nginx's proxy timeouts are pointless; shorter than compose's stop_grace_period (30 s).
const SHUTDOWN_DEADLINE_MS = 25_000;

async function main(): Promise<void> {
  let env;
  try {
    env = loadEnv();
  } catch (e) {
    if (e instanceof EnvError) {
      // One message listing every problem, then stop: never boot half-configured.
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  const app = await createApp(env);
  const logger = app.getHttpAdapter().getInstance().log;

  // SIGTERM: stop accepting, let in-flight requests finish, close the pool, exit 0.
  const shutdown = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    const deadline = setTimeout(() => {
      logger.error('shutdown deadline passed; exiting with requests still open');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    app.close().then(
      () => {
        logger.info('shutdown complete');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err: err instanceof Error ? err.message : String(err) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);

  await app.listen({ port: env.API_PORT, host: env.API_HOST });
}

void main();
