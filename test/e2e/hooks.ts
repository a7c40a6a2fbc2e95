import { Accounts } from './aws';
import { Endpoint } from './endpoint';
import { type MotoServer, startMoto } from './moto';

// The SDK warns on Node.js 20 that releases after January 2027 need Node.js 22; the suite need not say it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** The server the whole suite runs against, started once. */
export interface Harness {
  readonly moto: MotoServer;
  /** The endpoint every call goes through (AWS_ENDPOINT_URL of the CLI and the bundles). */
  readonly endpoint: Endpoint;
  readonly accounts: Accounts;
  /** Empties the server: every account and region, and the sessions it handed out. */
  reset(): Promise<void>;
}

let harness: Harness | undefined;

export function e2e(): Harness {
  if (!harness) throw new Error('the moto server is not running (test/e2e/hooks.ts starts it)');
  return harness;
}

/** Lines the suite prints at the end: what was seeded and verified. */
export const summary: string[] = [];

/**
 * Root hooks of the end-to-end suite: one moto server for all files (each file resets it and seeds
 * its own world), stopped after the last test, whether the tests passed or not.
 */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(60_000);
    const moto = await startMoto();
    try {
      const endpoint = await Endpoint.start(moto.url);
      const accounts = new Accounts(endpoint.url);
      const reset = async () => {
        await moto.reset();
        accounts.forget();
        endpoint.clear();
      };
      harness = { moto, endpoint, accounts, reset };
    } catch (error) {
      await moto.stop();
      throw error;
    }
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(30_000);
    if (!harness) return;
    const { moto, endpoint } = harness;
    harness = undefined;
    await endpoint.close();
    await moto.stop();
    if (summary.length > 0) process.stdout.write(`\n${summary.map((l) => `  e2e: ${l}`).join('\n')}\n`);
  },
};
