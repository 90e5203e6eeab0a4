/** The Zapier app definition: wires connection, middleware and operations. No logic lives here. */
// Named imports only: a default import of a CommonJS module makes the bundle copy every export of it on load.
import { defineApp, version as platformVersion } from 'zapier-platform-core';
import { authentication } from './authentication';
import { afters, befores } from './gateways/middleware';
import { version } from './package.json';
import { addTracking } from './creates/add_tracking';
import { addPayPalTracking } from './creates/add_paypal_tracking';
import { addStripeTracking } from './creates/add_stripe_tracking';
import { updateTracking } from './creates/update_tracking';
import { cancelTracking } from './creates/cancel_tracking';
import { syncTrackingCreate } from './creates/sync_tracking';
import { carrierList } from './triggers/carrier_list';
import { orderList } from './triggers/order_list';
import { findOrder } from './searches/find_order';
import { checkTrackingSearch } from './searches/check_tracking';
import { orderStatusChanged } from './triggers/order_status_changed';
import { orderStatusChangedPolling } from './triggers/order_status_changed_polling';
import { untrackedOrder } from './triggers/untracked_order';
import { trackingAudit, trackingAuditCsv } from './triggers/tracking_audit';

const app = defineApp({
  version,
  platformVersion,
  authentication,
  // Gateway errors are mapped with their context by gateways/errors.ts; core's early 429 handling
  // would lose the gateway's words and our Retry-After handling.
  flags: { throwForThrottlingEarly: false },
  beforeRequest: befores,
  afterResponse: afters,
  triggers: {
    [orderStatusChanged.key]: orderStatusChanged,
    [orderStatusChangedPolling.key]: orderStatusChangedPolling,
    [untrackedOrder.key]: untrackedOrder,
    [trackingAudit.key]: trackingAudit,
    [carrierList.key]: carrierList,
    [orderList.key]: orderList,
  },
  creates: {
    [addTracking.key]: addTracking,
    [addPayPalTracking.key]: addPayPalTracking,
    [addStripeTracking.key]: addStripeTracking,
    [updateTracking.key]: updateTracking,
    [cancelTracking.key]: cancelTracking,
    [syncTrackingCreate.key]: syncTrackingCreate,
  },
  searches: {
    [findOrder.key]: findOrder,
    [checkTrackingSearch.key]: checkTrackingSearch,
  },
  // Files are stashed only in creates and hydrators: the audit report's CSV is built here (triggers/tracking_audit.ts).
  hydrators: { trackingAuditCsv },
});

// CommonJS export: Zapier's runtime `require`s the main file and reads the app from module.exports.
export = app;
