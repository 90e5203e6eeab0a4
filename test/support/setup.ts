import nock from 'nock';

// No test may reach the network: every gateway call is faked by nock or served by the local sandbox.
nock.disableNetConnect();
nock.enableNetConnect((host) => host.startsWith('127.0.0.1') || host.startsWith('localhost'));

afterEach(() => {
  nock.cleanAll();
});
