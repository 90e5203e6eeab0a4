/**
 * Reconcile against the in-process sandbox, the app's real operations one after the other on one state:
 * tracking added with the wrong carrier, check_tracking finds the disagreement, sync_tracking repairs it in
 * place (PayPal: Tracking v1 PUT, a 22-digit USPS number; Stripe: one PaymentIntent update), check_tracking
 * then agrees, and a second sync changes nothing.
 */
import { runApp } from '../support/tester';
import { operation, useSandbox } from './support';

const h = useSandbox({ resetBeforeEach: false });
const run = (kind: 'creates' | 'searches', key: string, inputData: Record<string, unknown>) =>
  runApp(operation(kind, key).perform, { authData: h.authData.both, inputData });

const USPS_22 = '9400111202555842332669';

describe.each([
  ['paypal', '5O190127TN364715T'],
  ['stripe', 'pi_3SbxShip0000000001'],
] as const)('%s: a wrong carrier found and repaired', (gateway, order) => {
  it('add_tracking records the number under the wrong carrier', async () => {
    const added = await run('creates', 'add_tracking', { order, tracking_number: USPS_22, carrier: 'FedEx' });
    expect(added).toMatchObject({ gateway, result: 'added' });
  });

  it('check_tracking says how the gateway disagrees with the shop', async () => {
    const [row] = await run('searches', 'check_tracking', { order, expected_tracking: [USPS_22], expected_carrier: 'USPS' });
    expect(row).toMatchObject({ gateway, agrees: false, carrier_mismatch: [USPS_22], missing: [], unexpected: [] });
    expect(row.verdict).toMatch(new RegExp(`holds ${USPS_22} \\(FedEx\\) but the shop shipped ${USPS_22} \\(USPS\\)`));
  });

  it('sync_tracking corrects the carrier and sets the status in place', async () => {
    h.sandbox.resetStats();
    const synced = await run('creates', 'sync_tracking', {
      order,
      tracking: [{ tracking_number: USPS_22, carrier: 'USPS', status: 'delivered' }],
    });
    expect(synced).toMatchObject({ result: 'changed', corrected: [USPS_22], added: [], cancelled: [] });
    const writes = Object.keys(h.sandbox.stats().byOperation).filter((op) => !/ GET |oauth2/.test(op));
    expect(writes).toEqual([gateway === 'paypal' ? 'paypal PUT /v1/shipping/trackers/{id}' : 'stripe POST /v1/payment_intents/{intent}']);
  });

  it('check_tracking then agrees, with the status; a second sync writes nothing', async () => {
    const [row] = await run('searches', 'check_tracking', { order, expected_tracking: [USPS_22], expected_carrier: 'usps' });
    expect(row).toMatchObject({ agrees: true, gateway_tracking: [{ tracking_number: USPS_22, carrier: 'USPS', status: 'delivered' }] });
    const again = await run('creates', 'sync_tracking', {
      order,
      tracking: [{ tracking_number: USPS_22, carrier: 'USPS', status: 'delivered' }],
    });
    expect(again).toMatchObject({ result: 'in_sync', kept: [USPS_22] });
  });
});
