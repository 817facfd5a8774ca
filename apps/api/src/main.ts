import { createApp } from './create-app.js';
import { EnvError, loadEnv } from './config/env.js';

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
  await app.listen({ port: env.API_PORT, host: env.API_HOST });
}

void main();
