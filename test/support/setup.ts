import nock from 'nock';
import zcache from './zcache';
import { leakedSecrets, recordForSecretScan, recordScanFigure } from './secret-scan';
import { forgetTokensInProcess } from '../../gateways/paypal';
import { forgetCertificatesInProcess } from '../../sync/events/verify';
import { nonConformingRequests, takeCapturedRequests } from './gateway-nock';

// No test may reach the network: every gateway call is faked by nock or served by the local sandbox.
nock.disableNetConnect();
nock.enableNetConnect((host) => host.startsWith('127.0.0.1') || host.startsWith('localhost'));

// Make core print its logs (z.console lines and HTTP logs, after its own scrubbing) so the secret
// scan sees exactly what Zapier would store; keep them off the terminal.
process.env.LOG_TO_STDOUT = '1';
process.env.DETAILED_LOG_TO_STDOUT = '1';
const realLog = console.log;
beforeAll(() => {
  jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    recordForSecretScan(args.map(String).join(' '));
    if (process.env.SHOW_APP_LOGS) realLog(...args);
  });
});

beforeEach(() => {
  zcache.clear();
  forgetTokensInProcess();
  forgetCertificatesInProcess();
});

afterEach(() => {
  nock.cleanAll();
  // Every request sent through the recording gateway scopes must be one the real API accepts.
  const problems = nonConformingRequests();
  takeCapturedRequests();
  expect(problems).toEqual([]);
});

afterAll(() => {
  // nock patches Node's http globally; each test file loads its own copy, so the old one must let go.
  nock.cleanAll();
  nock.restore();
  // Every thrown message, result and log line of this file, scanned for the suite's secrets (and counted).
  recordScanFigure();
  expect(leakedSecrets()).toEqual([]);
});
