import { expect, test } from 'vitest';
import { createAlbFormat } from './alb';
import { parseOne, TEST_KEY } from './test-helpers';

const alb = createAlbFormat(TEST_KEY);

test('reads an ALB access-log entry (AWS docs example, HTTP/2)', () => {
  const line = 'h2 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 10.0.1.252:48160 10.0.0.66:9000 0.000 0.002 0.000 200 200 5 257 "GET https://10.0.2.105:773/?x=1 HTTP/2.0" "curl/7.46.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337327-72bd00b0343d75b906739c42" "-" "-" 1 2018-07-02T22:22:48.364000Z "redirect" "https://example.com:80/" "-" "10.0.0.66:9000" "200" "-" "-"';
  expect(parseOne(alb, line).records).toEqual([{
    ts: '2018-07-02T22:23:00.186Z', src: '10.0.1.252:48160', host: '10.0.2.105:773', scheme: 'https', method: 'GET', path: '/', query: ['x'],
    transport: 'h2', status: 200, latencyMs: 2, requestBytes: 5, responseBytes: 257, userAgent: 'curl/7.46.0', source: { file: 't.log', line: 1 },
  }]);
});

test('-1 processing times (no target reached) leave latency absent; domain_name gives the host', () => {
  const line = 'https 2024-01-01T00:00:00.000000Z app/lb/1 192.0.2.1:1234 - -1 -1 -1 503 - 100 300 "POST https://api.example.com:443/v1/orders HTTP/1.1" "okhttp/4" ECDHE TLSv1.3 - "Root=1" "api.example.com" "arn" 0 2024-01-01T00:00:00.000000Z "forward" "-" "-" "-" "-" "-" "-"';
  const { records } = parseOne(alb, line);
  expect(records[0]).toMatchObject({ host: 'api.example.com', method: 'POST', path: '/v1/orders', status: 503 });
  expect('latencyMs' in records[0]).toBe(false);
});
