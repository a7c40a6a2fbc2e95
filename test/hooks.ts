import { expect } from 'chai';
import { watched } from './helpers/aws';

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
      const writes = aws.writes().map((c) => `${c.service}.${c.operation}`);
      expect(writes, 'write commands sent while remediation is off').to.deep.equal([]);
    }
  },
};
