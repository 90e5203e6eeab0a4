/** What a tracking action asks for, once its input is valid (fields/tracking-input.ts builds it). */
import type { DisputeEvidenceChoice, ShippingFieldsInput } from './plan';
import type { TrackItem } from './plan-paypal';

export type TrackingMode = 'add' | 'update' | 'cancel';

/** A tracking action's input after validation (fields/tracking.ts). */
export interface TrackingInput extends ShippingFieldsInput {
  order: string;
  tracking_numbers: string[];
  old_tracking_number?: string;
  carrier?: string;
  carrier_name?: string;
  tracking_url?: string;
  notify_buyer: boolean;
  items: TrackItem[];
  carrier_overrides?: Record<string, string>;
  dispute_evidence: DisputeEvidenceChoice;
}
