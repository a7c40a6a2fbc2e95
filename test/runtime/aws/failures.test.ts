import { expect } from 'chai';
import { runFailure } from '../../../src/runtime/aws/failures';
import { AssumeRoleError } from '../../../src/runtime/errors';
import { awsError } from '../../helpers/aws';

const ROLE = 'arn:aws:iam::111111111111:role/member_remediator';
const network = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:443`), { code });

describe('aws: failures of a whole run', () => {
  it('names missing, expired and refused credentials, and an unreachable endpoint', () => {
    const missing = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });
    expect(runFailure(missing)).to.match(/^no AWS credentials found: set AWS_PROFILE/);
    expect(
      runFailure(awsError('ExpiredToken', 'The security token included in the request is expired')),
    ).to.match(/^AWS refused your credentials \(ExpiredToken: /);
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT']) {
      expect(runFailure(network(code)), code).to.match(new RegExp(`^cannot reach AWS \\(${code}: `));
    }
  });

  it('finds the cause inside a wrapping error, and leaves the errors of one resource alone', () => {
    expect(runFailure(new Error('outer', { cause: network('ECONNREFUSED') }))).to.match(/^cannot reach AWS/);
    expect(runFailure(awsError('AccessDenied', 'not authorized'))).to.equal(undefined);
    expect(runFailure(awsError('QueueDoesNotExist'))).to.equal(undefined);
  });

  it('tells an AssumeRole refused by the member role from one that never reached AWS', () => {
    const refused = new AssumeRoleError(
      '111111111111',
      ROLE,
      awsError('AccessDenied', 'not authorized', 403),
    );
    expect(refused.message).to.match(/deploy the MemberAccount component there/);
    const unreachable = new AssumeRoleError('111111111111', ROLE, network('ECONNREFUSED'));
    expect(unreachable.message).to.match(
      /^cannot assume arn:aws:iam::111111111111:role\/member_remediator in account 111111111111: cannot reach AWS/,
    );
    expect(unreachable.message).to.not.match(/MemberAccount/);
  });
});
