/**
 * check_tracking's `verdict`: one plain sentence that names the numbers in full, e.g. "PayPal holds
 * 1Z999AA10123456784 (UPS) but the shop shipped 9400111899223456789017 (USPS)." Pure.
 */
import { carrierName } from '../../carriers/carriers';
import { detectCarrier } from '../../carriers/numbers';
import type { CarrierCode, ExpectedTracking, HeldTracking, TrackingDiff } from './compare';

/** "A (UPS), B and C (USPS)": numbers with the carrier's name where it is known. */
function listed(items: ReadonlyArray<{ number: string; carrier: string | null }>): string {
  const parts = items.map((i) => (i.carrier ? `${i.number} (${i.carrier})` : i.number));
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

const nameOf = (carrier: CarrierCode | null): string | null => carrier?.name ?? null;

function heldText(held: readonly HeldTracking[]): string {
  const live = held.filter((h) => h.live);
  return live.length ? listed(live.map((h) => ({ number: h.tracking_number, carrier: nameOf(h.carrier) }))) : 'no live tracking';
}

function expectedText(expected: ExpectedTracking): string {
  return listed(
    expected.numbers.map((number) => {
      const detected = expected.carrier ? null : detectCarrier(number);
      return { number, carrier: nameOf(expected.carrier) ?? (detected && carrierName(detected)) };
    }),
  );
}

export interface OtherGateway {
  label: string;
  held: readonly HeldTracking[];
}

/**
 * The sentence for one order: `label` is the gateway's name ("PayPal"); `other` is the other gateway
 * holding the same order reference, named only when the two disagree.
 */
export function verdict(
  label: string,
  held: readonly HeldTracking[],
  expected: ExpectedTracking,
  diff: TrackingDiff,
  agrees: boolean,
  other: OtherGateway | null,
): string {
  let sentence: string;
  const cancelled = diff.cancelled.length ? `${diff.cancelled.join(', ')} ${diff.cancelled.length === 1 ? 'is' : 'are'} cancelled` : '';
  if (expected.numbers.length === 0) {
    sentence = `${label} holds ${heldText(held)}${cancelled ? ` (${cancelled})` : ''}`;
  } else if (agrees) {
    sentence = `${label} holds ${heldText(held)}, as the shop shipped`;
  } else {
    sentence = `${label} holds ${heldText(held)} but the shop shipped ${expectedText(expected)}${cancelled ? `; ${cancelled} on ${label}` : ''}`;
  }
  if (other) sentence += `; ${other.label} holds ${heldText(other.held)} for the same order reference`;
  return `${sentence}.`;
}
