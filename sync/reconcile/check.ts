/**
 * check_tracking's use case: every order a reference names (a merchant reference in every
 * gateway allowed), each compared with what the shop shipped and, when the reference is paid in both
 * gateways, with the other gateway. Reads only: the order (sync/orders/resolve.ts) and, for a PayPal order
 * with trackers, Tracking v1 for their carriers and statuses.
 *
 *   checkTracking(gateways, reference, expected, options): CheckRow[]   [] when nothing matches
 */
import type { Gateways } from '../../gateways';
import { GATEWAY_LABELS, type GatewayName } from '../../gateways/config';
import type { Order } from '../../orders/order';
import { SHIPPABLE_STATUSES } from '../../orders/status';
import { findOrders, type ResolveOptions } from '../orders/resolve';
import { compareWithShop, isAgreement, liveNumbersAgree, type ExpectedTracking, type HeldTracking } from './compare';
import { heldOf, withDetails } from './read';
import type { CheckRow } from './result';
import { verdict, type OtherGateway } from './verdict';

interface Found {
  order: Order;
  held: HeldTracking[];
}

/** Each gateway's live trackers over its paid orders, when both gateways have one; else null. */
function acrossGateways(found: readonly Found[]): Map<GatewayName, HeldTracking[]> | null {
  const byGateway = new Map<GatewayName, HeldTracking[]>();
  for (const f of found) {
    if (!SHIPPABLE_STATUSES.has(f.order.status)) continue;
    byGateway.set(f.order.gateway, [...(byGateway.get(f.order.gateway) ?? []), ...f.held]);
  }
  return byGateway.size === 2 ? byGateway : null;
}

function checkRow(found: Found, expected: ExpectedTracking, others: Map<GatewayName, HeldTracking[]> | null): CheckRow {
  const { order, held } = found;
  const diff = compareWithShop(held, expected);
  const own = others?.get(order.gateway);
  const otherName: GatewayName = order.gateway === 'stripe' ? 'paypal' : 'stripe';
  const otherHeld = others?.get(otherName);
  const crossAgrees = own && otherHeld ? liveNumbersAgree(own, otherHeld) : null;
  const live = held.filter((h) => h.live);
  const agrees = expected.numbers.length ? isAgreement(diff) : live.length > 0 && crossAgrees !== false;
  const other: OtherGateway | null = crossAgrees === false ? { label: GATEWAY_LABELS[otherName], held: otherHeld! } : null;
  return {
    ...order,
    agrees,
    verdict: verdict(GATEWAY_LABELS[order.gateway], held, expected, diff, agrees, other),
    gateway_tracking: live.map((h) => ({ tracking_number: h.tracking_number, carrier: h.carrier?.code ?? null, status: h.status })),
    ...diff,
    cross_gateway_agrees: crossAgrees,
  };
}

export async function checkTracking(
  gateways: Gateways,
  reference: string,
  expected: ExpectedTracking,
  options: ResolveOptions,
): Promise<CheckRow[]> {
  const matches = await findOrders(gateways, reference, options);
  const detailed = await Promise.all(matches.map((m) => withDetails(gateways, m)));
  const found = detailed.map((m) => ({ order: m.order, held: heldOf(m) }));
  const others = acrossGateways(found);
  return found.map((f) => checkRow(f, expected, others));
}
