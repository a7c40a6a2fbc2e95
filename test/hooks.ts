import { expect } from 'chai';
import { watched } from './helpers/aws';

// The SDK warns on Node.js 20 that releases after January 2027 need Node.js 22; tests need not say it each run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** Whether settings turn remediation on for anything at all. */
function remediationOn(remediate: boolean | Record<string, boolean>): boolean {
  return typeof remediate === 'boolean' ? remediate : Object.values(remediate).some(Boolean);
}

/**
 * Suite-wide safety assertion: in every test, a fake AWS that served settings with remediation off
 * received no write command. It runs after each test of the whole suite, whatever the test asserts.
 */
export const mochaHooks = {
  afterEach(this: Mocha.Context) {
    const entries = watched.splice(0);
    if (this.currentTest?.state === 'failed') return;
    for (const { aws, settings } of entries) {
      if (remediationOn(settings.remediate)) continue;
      // Importing findings into Security Hub (settings `securityHub`) reports; it changes no resource.
      const writes = aws
        .writes()
        .map((c) => `${c.service}.${c.operation}`)
        .filter((w) => !(settings.securityHub && w === 'SecurityHub.BatchImportFindings'));
      expect(writes, 'write commands sent while remediation is off').to.deep.equal([]);
    }
  },
};
