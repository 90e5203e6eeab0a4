/**
 * Webhook perform throughput per gateway: subscribe order_status_changed against the sandbox, capture one
 * real delivery (payment → `payment_intent.succeeded` / `PAYMENT.CAPTURE.COMPLETED`), then replay it
 * `count` times with fresh event ids and signatures through the perform in one fresh process
 * (webhook-child.ts, --expose-gc). PayPal deliveries each read the order from the sandbox (1 request).
 *
 *   webhookThroughput(sandbox, runner, count): Promise<Record<'stripe' | 'paypal', WebhookResult>>
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { PayPalEvent } from '../sandbox/paypal';
import type { Sandbox } from '../sandbox/server';
import { sandboxEvent, startCapture, subscribeHooks } from './deliveries';
import type { AppRunner } from './in-process';
import { APP_PATH, bothAuth, REPO_ROOT, resetKeepingTokens } from './lib';
import type { WebhookJob, WebhookResult } from './webhook-child';

function runWebhookChild(job: WebhookJob, env: Record<string, string>): Promise<WebhookResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--expose-gc', join(__dirname, 'webhook-child.js'), JSON.stringify(job)],
      { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`webhook throughput (${job.gateway}) failed: ${stderr.trim() || error.message}`));
        resolve(JSON.parse(stdout.trim().split('\n').pop()!) as WebhookResult);
      },
    );
  });
}

const PAID_BY_GATEWAY = { stripe: 'pi_3SbxProcess000007', paypal: '4HJ67890KL123456M' } as const;

export async function webhookThroughput(
  sandbox: Sandbox,
  runner: AppRunner,
  count: number,
): Promise<Record<'stripe' | 'paypal', WebhookResult>> {
  const capture = await startCapture();
  try {
    resetKeepingTokens(sandbox);
    runner.newConnection();
    const authData = bothAuth(sandbox);
    const inputData = { gateways: ['stripe', 'paypal'], statuses: ['paid'] };
    const subscribeData = await subscribeHooks(runner, authData, capture.url, ['paid']);
    const results = {} as Record<'stripe' | 'paypal', WebhookResult>;
    for (const gateway of ['stripe', 'paypal'] as const) {
      await sandboxEvent(sandbox, PAID_BY_GATEWAY[gateway], 'pay');
      const template = await capture.next();
      // The app reads every PayPal delivery back from PayPal by its event id: keep each copy the child signs
      // (webhook-child.ts names them WH-BENCH-<index>, warm-up ones negative) as PayPal keeps what it sends.
      const keptBefore = sandbox.state.paypal.events.length;
      if (gateway === 'paypal') {
        const event = JSON.parse(template.body) as PayPalEvent;
        for (let i = -20; i < count; i += 1) sandbox.state.paypal.events.push({ ...event, id: `WH-BENCH-${i}` });
      }
      results[gateway] = await runWebhookChild(
        { appPath: APP_PATH, gateway, count, warmup: 20, authData, inputData, subscribeData, template },
        sandbox.env,
      );
      sandbox.state.paypal.events.splice(keptBefore);
    }
    return results;
  } finally {
    await capture.close();
  }
}
