/**
 * A small, believable estate for the first start: three teams, three APIs with OpenAPI specs, and traffic that
 * hits documented, undocumented (shadow) and deprecated-but-still-called (zombie) operations.
 * Pure data; lib/db/seed-demo.ts writes it.
 */
export interface DemoOperation {
  method: string;
  path: string;
  operationId: string;
  summary: string;
  deprecated?: boolean;
  sunset?: string;
  scopes?: string[];
}

export interface DemoApi {
  slug: string;
  name: string;
  description: string;
  team: string;
  host: string;
  basePath: string;
  version: string;
  operations: DemoOperation[];
  /** Observed but in no spec. */
  shadow: { method: string; path: string }[];
}

export const DEMO_TEAMS = [
  { slug: 'payments', name: 'Payments' },
  { slug: 'identity', name: 'Identity' },
  { slug: 'catalog', name: 'Catalog' },
];

export const DEMO_APIS: DemoApi[] = [
  {
    slug: 'payments',
    name: 'Payments API',
    description: 'Charges, refunds and payouts for the storefront.',
    team: 'payments',
    host: 'api.payments.example.com',
    basePath: '/v2',
    version: '2.3.0',
    operations: [
      { method: 'GET', path: '/charges', operationId: 'listCharges', summary: 'List charges', scopes: ['charges:read'] },
      { method: 'POST', path: '/charges', operationId: 'createCharge', summary: 'Create a charge', scopes: ['charges:write'] },
      { method: 'GET', path: '/charges/{chargeId}', operationId: 'getCharge', summary: 'Get a charge', scopes: ['charges:read'] },
      { method: 'POST', path: '/charges/{chargeId}/refunds', operationId: 'refundCharge', summary: 'Refund a charge', scopes: ['refunds:write'] },
      { method: 'GET', path: '/payouts', operationId: 'listPayouts', summary: 'List payouts', scopes: ['payouts:read'] },
      { method: 'GET', path: '/legacy/transactions', operationId: 'listLegacyTransactions', summary: 'Legacy transaction feed', deprecated: true, sunset: '2026-06-30' },
    ],
    shadow: [
      { method: 'GET', path: '/internal/reconcile' },
      { method: 'DELETE', path: '/charges/{chargeId}' },
    ],
  },
  {
    slug: 'accounts',
    name: 'Accounts API',
    description: 'Users, sessions and profiles.',
    team: 'identity',
    host: 'id.example.com',
    basePath: '/api',
    version: '1.8.1',
    operations: [
      { method: 'GET', path: '/users/me', operationId: 'getCurrentUser', summary: 'The signed-in user', scopes: ['profile'] },
      { method: 'GET', path: '/users/{userId}', operationId: 'getUser', summary: 'Get a user', scopes: ['users:read'] },
      { method: 'PATCH', path: '/users/{userId}', operationId: 'updateUser', summary: 'Update a user', scopes: ['users:write'] },
      { method: 'POST', path: '/sessions', operationId: 'createSession', summary: 'Sign in' },
      { method: 'GET', path: '/users/{userId}/avatar', operationId: 'getAvatarV1', summary: 'Old avatar endpoint', deprecated: true, sunset: '2026-03-01' },
    ],
    shadow: [
      { method: 'GET', path: '/users/{userId}/sessions' },
      { method: 'POST', path: '/debug/impersonate' },
    ],
  },
  {
    slug: 'catalog',
    name: 'Catalog API',
    description: 'Products, prices and inventory levels.',
    team: 'catalog',
    host: 'catalog.example.com',
    basePath: '',
    version: '4.0.0',
    operations: [
      { method: 'GET', path: '/products', operationId: 'listProducts', summary: 'List products' },
      { method: 'GET', path: '/products/{productId}', operationId: 'getProduct', summary: 'Get a product' },
      { method: 'PUT', path: '/products/{productId}/price', operationId: 'setPrice', summary: 'Set a price', scopes: ['catalog:write'] },
      { method: 'GET', path: '/products/{productId}/stock', operationId: 'getStock', summary: 'Stock level' },
    ],
    shadow: [{ method: 'POST', path: '/admin/reindex' }],
  },
];

/** The OpenAPI 3.0 document a demo API's owners "registered". */
export function demoSpecDocument(api: DemoApi): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of api.operations) {
    const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    paths[op.path] ??= {};
    paths[op.path][op.method.toLowerCase()] = {
      operationId: op.operationId,
      summary: op.summary,
      ...(op.deprecated && { deprecated: true }),
      ...(op.sunset && { 'x-sunset': op.sunset }),
      ...(params.length > 0 && { parameters: params }),
      ...(op.scopes && { security: [{ oauth: op.scopes }] }),
      responses: { '200': { description: 'OK' } },
    };
  }
  return {
    openapi: '3.0.3',
    info: { title: api.name, version: api.version, 'x-owner': `group:default/${api.team}` },
    servers: [{ url: `https://${api.host}${api.basePath}` }],
    paths,
    components: {
      securitySchemes: {
        oauth: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: `https://${api.host}/oauth/token`, scopes: {} } } },
      },
    },
  };
}
