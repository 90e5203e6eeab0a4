import { App, runApp } from '../support/tester';
import { STRIPE_AUTH } from '../support/fixtures';
import { CARRIERS } from '../../carriers/carrier-table';
import { paypalCarrierCodes } from '../../carriers/paypal-codes';

describe('carrier_list', () => {
  it('lists the common carriers first, then every other PayPal code once, OTHER last; id = code', async () => {
    const choices: Array<{ id: string; name: string }> = await runApp((App as any).triggers.carrier_list.operation.perform, {
      authData: STRIPE_AUTH,
    });
    expect(choices.slice(0, CARRIERS.length).map((c) => c.id)).toEqual(CARRIERS.map((c) => c.code));
    expect(choices.slice(0, 3)).toEqual([
      { id: 'USPS', name: 'USPS' },
      { id: 'UPS', name: 'UPS' },
      { id: 'UPS_MAIL_INNOVATIONS', name: 'UPS Mail Innovations' },
    ]);
    expect(new Set(choices.map((c) => c.id))).toEqual(new Set(paypalCarrierCodes()));
    expect(choices).toHaveLength(paypalCarrierCodes().size);
    expect(choices.at(-1)!.id).toBe('OTHER');
    expect(choices.find((c) => c.id === 'AU_AU_POST')!.name).toBe('Australia Post');
  });
});
