/**
 * Runs the capture extractor the way `lantern extract` does (JSON lines to stdout) with a chosen classic
 * pcap reader, so the benchmark can compare pcap-parser with the built-in reader on the same file.
 */
import { extractCaptures } from '../../collectors/pcap/extract-captures';
import { createLineWriter } from '../../bin/line-writer';

const [reader, ...files] = process.argv.slice(2);
const out = createLineWriter(process.stdout);
// Same lanes as the CLI: records as JSON text through emitJson, objects through the sink.
const report = await extractCaptures(
  files,
  { fingerprintKey: 'bench-key', classicReader: reader as 'builtin' | 'pcap-parser', emitJson: (json) => out.write(json) },
  (ex) => out.write(JSON.stringify(ex)),
);
await out.end();
process.stderr.write(`${JSON.stringify({ exchanges: report.exchanges, ...report.stats })}\n`);
