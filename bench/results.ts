/** The shape of bench/results.json: what `npm run bench` writes and bench/table.ts renders. */
import type { AuditBenchResult } from './audit';
import type { ColdStartResult } from './cold-start';
import type { DefinitionCopyResult } from './definition-copy';
import type { FiftyParcelsResult } from './fifty-parcels';
import type { PackageResult } from './package-size';
import type { PayPalTokenResult } from './paypal-tokens';
import type { RoundTripRow } from './round-trips';
import type { WebhookResult } from './webhook-child';
import type { ZCacheCallsRow } from './zcache-calls';

export interface BenchResults {
  cold_start_ratio: number | null;
  /** The spread of the headline cold start's per-pair ratios. */
  cold_start_spread: { q1: number; q3: number; min: number; max: number } | null;
  /** One add_tracking with z.cache over RPC ÷ the minimum (bare core, token cached, 1 read + 1 write), per gateway. */
  end_to_end_rpc_ratio_stripe: number | null;
  end_to_end_rpc_ratio_paypal: number | null;
  /** The same at 200 ms per gateway call (the latency of the bench's timed rows): the target ≤ 1.10× is held here. */
  end_to_end_rpc_ratio_stripe_200ms: number | null;
  end_to_end_rpc_ratio_paypal_200ms: number | null;
  /** z.cache calls of one action, by action · gateway · path (· PayPal token). */
  zcache_calls_per_action: Record<string, number | null>;
  paypal_tokens_per_1000_actions: number | null;
  fifty_parcels_seconds: number | null;
  fifty_parcels_peak_mb: number | null;
  zip_bytes: number | null;
  zip_files: number | null;
  round_trips: Record<string, Omit<RoundTripRow, 'operation' | 'reference'>>;
  webhook_deliveries_per_second: number | null;
  webhook_deliveries_per_second_paypal: number | null;
  webhook_heap_growth_mb: number | null;
  /** tracking_audit over 1,000 paid orders (500 per gateway) at 200 ms per gateway call: seconds and requests. */
  audit_seconds_1000: number | null;
  audit_requests_1000: number | null;
  details: {
    cold_start?: ColdStartResult[];
    definition_copy?: DefinitionCopyResult;
    paypal_tokens?: PayPalTokenResult;
    fifty_parcels?: FiftyParcelsResult;
    package?: PackageResult;
    webhooks?: Record<'stripe' | 'paypal', WebhookResult>;
    round_trip_rows?: RoundTripRow[];
    audit?: { both: AuditBenchResult; paypal_only: AuditBenchResult; measured_at: string };
    zcache_calls?: ZCacheCallsRow[];
  };
  errors: Record<string, string>;
  machine: { node: string; cpus: number; cpu_model: string; load_average_at_start: number[] };
  measured_at: string;
  duration_seconds: number;
}
