import { expect } from 'chai';
import { clientConfig } from '../../../src/runtime/aws/client-config';

describe('aws: client configuration', () => {
  it('uses adaptive retries and no endpoint by default', () => {
    const timeouts = { connectionTimeout: 3000, requestTimeout: 20000, throwOnRequestTimeout: true };
    expect(clientConfig('SQS', {})).to.deep.equal({
      retryMode: 'adaptive',
      maxAttempts: 5,
      requestHandler: timeouts,
    });
    expect(clientConfig('SQS', { AWS_RETRY_MODE: 'standard', AWS_MAX_ATTEMPTS: '8' })).to.deep.equal({
      retryMode: 'standard',
      maxAttempts: 8,
      requestHandler: timeouts,
    });
    expect(clientConfig('SQS', { AWS_MAX_ATTEMPTS: 'many' }).maxAttempts).to.equal(5);
  });

  it('times out connections and requests, as long as the environment says', () => {
    expect(
      clientConfig('S3', {
        AWS_REMEDIATION_CONNECTION_TIMEOUT_MS: '500',
        AWS_REMEDIATION_REQUEST_TIMEOUT_MS: '1500',
      }).requestHandler,
    ).to.deep.equal({ connectionTimeout: 500, requestTimeout: 1500, throwOnRequestTimeout: true });
    expect(
      clientConfig('S3', { AWS_REMEDIATION_REQUEST_TIMEOUT_MS: 'soon' }).requestHandler.requestTimeout,
    ).to.equal(20000);
  });

  it('honours AWS_ENDPOINT_URL, and a service-specific variable before it', () => {
    expect(clientConfig('SQS', { AWS_ENDPOINT_URL: 'http://localhost:4566' }).endpoint).to.equal(
      'http://localhost:4566',
    );
    expect(
      clientConfig('SQS', {
        AWS_ENDPOINT_URL: 'http://localhost:4566',
        AWS_ENDPOINT_URL_SQS: 'http://localhost:9324',
      }).endpoint,
    ).to.equal('http://localhost:9324');
    expect(
      clientConfig('Elastic Load Balancing v2', { AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2: 'http://x' })
        .endpoint,
    ).to.equal('http://x');
  });

  it('sends S3 Control requests to the endpoint as given (the account in a header), only when one is set', () => {
    const config = clientConfig('S3 Control', { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' });
    expect(config.endpoint).to.equal('http://127.0.0.1:4566');
    expect(config.endpointProvider!().url.href).to.equal('http://127.0.0.1:4566/');
    expect(clientConfig('S3 Control', {})).to.not.have.property('endpointProvider');
    expect(clientConfig('S3', { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' })).to.not.have.property(
      'endpointProvider',
    );
  });

  it('asks S3 for path-style requests only when an endpoint is set', () => {
    expect(clientConfig('S3', { AWS_ENDPOINT_URL: 'http://localhost:4566' }).forcePathStyle).to.equal(true);
    expect(clientConfig('S3', {})).to.not.have.property('forcePathStyle');
    expect(clientConfig('SQS', { AWS_ENDPOINT_URL: 'http://localhost:4566' })).to.not.have.property(
      'forcePathStyle',
    );
  });
});
