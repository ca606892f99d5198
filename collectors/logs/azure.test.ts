import { expect, test } from 'vitest';
import { azureFormat } from './azure';
import { createJsonLinesFormat } from './json-lines';
import { parseOne, TEST_KEY } from './test-helpers';

const azure = createJsonLinesFormat([azureFormat], [], TEST_KEY, 'azure');
const RESOURCE = '/SUBSCRIPTIONS/0000/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.NETWORK';

// Shaped like the resource logs a diagnostic setting writes (field names as in Azure's log reference).
const frontDoor = (props: Record<string, unknown> = {}, category = 'FrontDoorAccessLog') => ({
  time: '2026-12-04T13:46:33.6479719Z', resourceId: `${RESOURCE}/FRONTDOORS/SHOP`, category,
  operationName: 'Microsoft.Cdn/Profiles/AccessLog/Write',
  properties: {
    trackingReference: '0k1y5YQAAAAAWd0Uc6Uc', httpMethod: 'POST', httpVersion: '2.0.0.0',
    requestUri: 'https://shop.example.com:443/api/carts/9f3c2a?access_token=tok-123', hostName: 'shop.example.com',
    requestBytes: '2545', responseBytes: '1205', userAgent: 'Mozilla/5.0', clientIp: '89.160.20.128', clientPort: '50382',
    socketIp: '89.160.20.128', timeToFirstByte: '0.3', timeTaken: '0.384', requestProtocol: 'HTTPS', securityProtocol: 'TLS 1.2',
    httpStatusCode: '200', pop: 'SIN', cacheStatus: 'CONFIG_NOCACHE', errorInfo: 'NoError', ...props,
  },
});

const appGateway = (props: Record<string, unknown> = {}) => ({
  timeStamp: '2026-12-04T13:46:33+00:00', resourceId: `${RESOURCE}/APPLICATIONGATEWAYS/AGW`, listenerName: 'https',
  ruleName: 'api', backendPoolName: 'pool', operationName: 'ApplicationGatewayAccess', category: 'ApplicationGatewayAccessLog',
  properties: {
    instanceId: 'appgw_2', clientIP: '185.42.129.24', clientPort: 45057, httpMethod: 'GET',
    originalRequestUriWithArgs: '/v2/users/17?fields=name', requestUri: '/users/17', requestQuery: 'fields=name',
    userAgent: 'curl/8.5.0', httpStatus: 200, httpVersion: 'HTTP/1.1', receivedBytes: 184, sentBytes: 466,
    clientResponseTime: 0, timeTaken: 0.034, sslEnabled: 'on', sslProtocol: 'TLSv1.2', serverRouted: '10.0.0.4:443',
    serverStatus: '200', serverResponseLatency: '0.028', originalHost: 'api.example.com', host: 'backend.internal', ...props,
  },
});

test('Front Door: absolute request URI (default port dropped), client port, .NET HTTP version, seconds', () => {
  const { status, records } = parseOne(azure, JSON.stringify(frontDoor()));
  expect(status).toBe('ok');
  expect(records).toEqual([{
    ts: '2026-12-04T13:46:33.263Z', src: '89.160.20.128:50382', transport: 'h2', method: 'POST', host: 'shop.example.com', scheme: 'https',
    path: '/api/carts/9f3c2a', query: ['access_token'], status: 200, latencyMs: 384, requestBytes: 2545, responseBytes: 1205,
    userAgent: 'Mozilla/5.0', auth: [{ kind: 'api-key:access_token', fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) }],
    source: { file: 't.log', line: 1 },
  }]);
  expect(JSON.stringify(records)).not.toContain('tok-123');
  // Front Door classic names the category with a lower-case d; HTTP/1.1 is `1.1.0.0`.
  expect(parseOne(azure, JSON.stringify(frontDoor({ httpVersion: '1.1.0.0' }, 'FrontdoorAccessLog'))).records[0].transport).toBe('http/1.1');
});

test('Application Gateway: what the client sent (before rewrites), v2 seconds and v1 milliseconds', () => {
  const [v2] = parseOne(azure, JSON.stringify(appGateway())).records;
  expect(v2).toEqual({
    ts: '2026-12-04T13:46:32.966Z', src: '185.42.129.24:45057', transport: 'http/1.1', host: 'api.example.com', method: 'GET',
    path: '/v2/users/17', query: ['fields'], status: 200, latencyMs: 34, requestBytes: 184, responseBytes: 466,
    userAgent: 'curl/8.5.0', source: { file: 't.log', line: 1 },
  });
  const [v1] = parseOne(azure, JSON.stringify(appGateway({ instanceId: 'ApplicationGatewayRole_IN_0', timeTaken: 109, originalRequestUriWithArgs: undefined, originalHost: undefined }))).records;
  expect([v1.latencyMs, v1.path, v1.query, v1.host]).toEqual([109, '/users/17', ['fields'], 'backend.internal']);
});

test('Application Gateway: `ts` is when the request came, `timeStamp` (the log written, the response done) less `timeTaken`', () => {
  // Microsoft's reference: the record is created when the request is done (TimeGenerated), and timeTaken runs from the
  // request's first byte to the response's last, as nginx's $request_time: a 30 s download is stamped when it began.
  const ts = (props: Record<string, unknown>) => parseOne(azure, JSON.stringify(appGateway(props))).records[0].ts;
  expect(ts({ timeTaken: 30.25 })).toBe('2026-12-04T13:46:02.750Z');
  expect(ts({ instanceId: 'ApplicationGatewayRole_IN_0', timeTaken: 1500 })).toBe('2026-12-04T13:46:31.500Z');
  // Near miss: no time taken logged (or not a number), the logged time stands.
  expect(ts({ timeTaken: undefined })).toBe('2026-12-04T13:46:33.000Z');
  expect(ts({ timeTaken: '-' })).toBe('2026-12-04T13:46:33.000Z');
});

test('an Event Hub batch (`{"records": […]}`) gives each access record; WAF and probe records are skipped', () => {
  const waf = { time: '2026-12-04T13:46:33Z', resourceId: `${RESOURCE}/FRONTDOORS/SHOP`, category: 'FrontDoorWebApplicationFirewallLog', operationName: 'Microsoft.Cdn/Profiles/Write', properties: { action: 'Block' } };
  const batch = { records: [frontDoor(), waf, appGateway()] };
  const { status, records } = parseOne(azure, JSON.stringify(batch));
  expect(status).toBe('ok');
  expect(records.map((r) => [r.method, r.path])).toEqual([['POST', '/api/carts/9f3c2a'], ['GET', '/v2/users/17']]);
  expect(parseOne(azure, JSON.stringify(waf)).status).toBe('skip');
  expect(parseOne(azure, JSON.stringify({ records: [waf] })).status).toBe('skip');
  expect(parseOne(azure, JSON.stringify(frontDoor({ httpMethod: undefined, requestUri: undefined }))).status).toBe('invalid');
  expect(parseOne(azure, JSON.stringify({ ...frontDoor(), time: 'soon' })).status).toBe('invalid');
});

test('Front Door: `ts` is when the request came, `time` (the response delivered) less `timeTaken`, as for nginx', () => {
  const ts = (props: Record<string, unknown>, category?: string) => parseOne(azure, JSON.stringify(frontDoor(props, category))).records[0].ts;
  // A WebSocket or long download stamped when it ended would sit 90 s after its request.
  expect(ts({ timeTaken: '90.5' })).toBe('2026-12-04T13:45:03.147Z');
  expect(ts({ timeTaken: '0.384' }, 'FrontdoorAccessLog')).toBe('2026-12-04T13:46:33.263Z');
  // Near-miss: no time taken logged (or not a number), the logged time stands.
  expect(ts({ timeTaken: undefined })).toBe('2026-12-04T13:46:33.647Z');
  expect(ts({ timeTaken: '-' })).toBe('2026-12-04T13:46:33.647Z');
});

test('a response with no body (HEAD, 304) is size 0 in both front ends: their byte counts include the headers', () => {
  const fd = (props: Record<string, unknown>) => parseOne(azure, JSON.stringify(frontDoor(props))).records[0].responseBytes;
  const agw = (props: Record<string, unknown>) => parseOne(azure, JSON.stringify(appGateway(props))).records[0].responseBytes;
  expect([fd({ httpMethod: 'HEAD' }), fd({ httpStatusCode: '304' }), agw({ httpMethod: 'HEAD' }), agw({ httpStatus: 204 })]).toEqual([0, 0, 0, 0]);
  expect([fd({}), agw({})]).toEqual([1205, 466]);
});

test('Front Door: src is socketIp (the peer) with the client port; clientIp is taken from an X-Forwarded-For the client may write', () => {
  // Microsoft: clientIp comes from the request's X-Forwarded-For when it has one; socketIp is the direct connection.
  // Until 7 Dec `src` was clientIp with the socket's port: any client could name its own address.
  const src = (props: Record<string, unknown>) => parseOne(azure, JSON.stringify(frontDoor(props))).records[0].src;
  expect(src({ clientIp: '203.0.113.7', socketIp: '89.160.20.128' })).toBe('89.160.20.128:50382');
  expect(src({ clientIp: '203.0.113.7', socketIp: '2001:db8::9' })).toBe('[2001:db8::9]:50382');
  // Near miss: without socketIp (an older record), clientIp stands.
  expect(src({ clientIp: '203.0.113.7', socketIp: undefined })).toBe('203.0.113.7:50382');
  expect(src({ clientIp: '203.0.113.7', socketIp: '' })).toBe('203.0.113.7:50382');
});
