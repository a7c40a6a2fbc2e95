import { expect } from 'chai';
import { CHECK_IDS, checkResourceType } from '../../../src/runtime/contracts/checks';
import {
  RESOURCE_TYPES,
  messageKey,
  parseResourceMessage,
  parseResourceMessageJson,
  serializeResourceMessage,
} from '../../../src/runtime/contracts/message';
import { MessageError } from '../../../src/runtime/errors';
import { problemsOf } from '../../helpers/validation';

const problems = (input: unknown) => problemsOf(parseResourceMessage, MessageError, input);

describe('contracts: resource message', () => {
  it("parses the original framework's messages, delay optional (default 0)", () => {
    expect(
      parseResourceMessageJson(
        '{"account":"123456789012","region":"us-east-1","type":"s3_bucket","id":"my-bucket"}',
      ),
    ).to.deep.equal({
      account: '123456789012',
      region: 'us-east-1',
      type: 's3_bucket',
      id: 'my-bucket',
      delay: 0,
    });
  });

  it('drops unknown fields and serializes in a stable order', () => {
    const message = parseResourceMessage({
      delay: 900,
      id: 'db',
      type: 'rds',
      region: 'eu-west-1',
      account: '123456789012',
      extra: true,
    });
    expect(serializeResourceMessage(message)).to.equal(
      '{"account":"123456789012","region":"eu-west-1","type":"rds","id":"db","delay":900}',
    );
  });

  it('accepts the region type with an empty id only', () => {
    expect(
      parseResourceMessage({ account: '123456789012', region: 'us-east-1', type: 'region', id: '' }).id,
    ).to.equal('');
    expect(problems({ account: '123456789012', region: 'us-east-1', type: 'region', id: 'x' })).to.deep.equal(
      ['message.id: must be "" for type "region"'],
    );
    expect(problems({ account: '123456789012', region: 'us-east-1', type: 'sqs', id: ' ' })).to.deep.equal([
      'message.id: must name the sqs resource',
    ]);
  });

  it('names every bad field', () => {
    expect(
      problems({ account: 123456789012, region: 'US-EAST-1', type: 's3', id: 5, delay: 901 }),
    ).to.deep.equal([
      'message.account: must be a 12-digit AWS account ID string, like "123456789012"',
      'message.region: "US-EAST-1" is not an AWS region code, like "us-east-1" or "eu-west-2"',
      `message.type: "s3" is not a resource type; use one of ${RESOURCE_TYPES.join(', ')}`,
      'message.id: must be a string: the resource id ("" for type "region")',
      'message.delay: must be from 0 to 900 seconds (the SQS maximum)',
    ]);
    expect(problems({})[0]).to.equal(
      'message.account: is required: a 12-digit AWS account ID string, like "123456789012"',
    );
  });

  it('keys a resource by account, region, type and id; a global resource by no region', () => {
    const at = (type: 'sqs' | 's3_bucket', region: string) =>
      messageKey({ account: '111111111111', region, type, id: 'x', delay: 0 });
    expect(at('sqs', 'eu-west-1')).to.equal('111111111111/eu-west-1/sqs/x');
    expect(at('sqs', 'eu-west-1')).to.not.equal(at('sqs', 'us-east-1'));
    expect(at('s3_bucket', 'eu-west-1')).to.equal(at('s3_bucket', 'us-east-1'));
  });

  it('reports a body that is not JSON', () => {
    expect(() => parseResourceMessageJson('{oops')).to.throw(MessageError, /not valid JSON/);
  });
});

describe('contracts: check catalog', () => {
  it('has unique check ids, each of a known resource type', () => {
    expect(new Set(CHECK_IDS).size).to.equal(CHECK_IDS.length);
    for (const id of CHECK_IDS) expect(RESOURCE_TYPES, id).to.include(checkResourceType(id));
  });
});
