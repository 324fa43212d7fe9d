// Every API route the client calls, in the OpenAPI document's notation, so that
// `apps/e2e/src/sdk-openapi-contract.test.ts` can look each one up in the served document.

export interface Route {
  readonly method: 'GET' | 'POST';
  /** Path with `{id}` placeholders, as in the OpenAPI document. */
  readonly path: string;
}

/** Every API route the client calls, by method name: method and OpenAPI path. */
export const ROUTES = {
  submit: { method: 'POST', path: '/v1/jobs' },
  checkJob: { method: 'POST', path: '/v1/jobs/check' },
  quote: { method: 'POST', path: '/v1/quotes' },
  list: { method: 'GET', path: '/v1/jobs' },
  get: { method: 'GET', path: '/v1/jobs/{id}' },
  cancel: { method: 'POST', path: '/v1/jobs/{id}/cancel' },
  events: { method: 'GET', path: '/v1/jobs/{id}/events' },
  webhookDeliveries: { method: 'GET', path: '/v1/jobs/{id}/webhooks' },
  upload: { method: 'POST', path: '/v1/uploads' },
  models: { method: 'GET', path: '/v1/models' },
  webhookSecret: { method: 'GET', path: '/v1/webhook-secret' },
  rotateWebhookSecret: { method: 'POST', path: '/v1/webhook-secret/rotate' },
} as const satisfies Record<string, Route>;

/** Fills `{name}` placeholders, URL-encoding each value. */
export function fillPath(path: string, params: Readonly<Record<string, string>> = {}): string {
  return path.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} for ${path}`);
    return encodeURIComponent(value);
  });
}
