import { expect, test } from 'vitest';
import { Tally } from './tally';

test('a malformed line is named with the article its format takes when said aloud', () => {
  // Until 7 Dec every format took `a`: "not a azure line", "not a nginx line".
  const tally = new Tally();
  const names = ['azure', 'alb', 'envoy', 'iis', 'otlp', 'istio', 'apigateway', 'apache-format', 'nginx', 'nginx-json', 'haproxy', 'combined', 'gcp', 'har', 'json', 'squid', 'kong'];
  names.forEach((name, i) => tally.malformedLine(`${name}.log`, i + 1, name));
  expect(tally.warnings).toEqual([
    'azure.log:1: not an azure line', 'alb.log:2: not an alb line', 'envoy.log:3: not an envoy line', 'iis.log:4: not an iis line',
    'otlp.log:5: not an otlp line', 'istio.log:6: not an istio line', 'apigateway.log:7: not an apigateway line',
    'apache-format.log:8: not an apache-format line', 'nginx.log:9: not an nginx line', 'nginx-json.log:10: not an nginx-json line',
    'haproxy.log:11: not an haproxy line', 'combined.log:12: not a combined line', 'gcp.log:13: not a gcp line',
    'har.log:14: not a har line', 'json.log:15: not a json line', 'squid.log:16: not a squid line', 'kong.log:17: not a kong line',
  ]);
});

test('skipped lines said with a reason are named as malformed ones are: the first five of a file, then a count', () => {
  const tally = new Tally();
  for (let line = 1; line <= 7; line++) tally.skippedLine('cf.log', line, 'no request');
  tally.skipped++;
  const report = tally.report();
  expect(report.stats).toEqual({ files: 0, lines: 0, malformed: 0, skipped: 8 });
  expect(report.warnings).toEqual([1, 2, 3, 4, 5].map((n) => `cf.log:${n}: skipped: no request`).concat('cf.log: 7 lines skipped in all (first at lines 1, 2, 3, 4, 5)'));
});
