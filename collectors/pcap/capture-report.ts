import { emptyReport, type ExtractReport } from '../extract-types';
import type { EngineTotals } from './capture-engine';
import type { CaptureOutcome } from './read-capture';
import { describeMalformed, type MalformedTally } from '../malformed-tally';

/** Damaged stretches said one by one; a file damaged all over gets one more line for the rest, not one per stretch. */
const SKIPS_SAID = 3;

/** What reading one capture file (alone or as part of a series) gave. */
export interface CaptureRun extends EngineTotals {
  outcome: CaptureOutcome;
  /** What `stats.malformed` counts, by kind, with where each was first (CaptureEngine.takeMalformed). */
  malformedKinds?: MalformedTally;
}

/** A file's run as the summary says it: counters, and warnings for damage, gaps, cut packets and what was malformed. */
export function captureReport(path: string, run: CaptureRun): ExtractReport {
  const report = emptyReport();
  report.exchanges = run.exchanges;
  report.stats = { files: 1, ...run.stats };
  const { outcome } = run;
  if (outcome.status === 'invalid') report.errors.push(`${path}: ${outcome.problem}`);
  const skipped = outcome.skipped ?? [];
  for (const skip of skipped.slice(0, SKIPS_SAID)) report.warnings.push(`${path}: ${skip.problem}; ${skip.bytes} damaged bytes skipped, reading went on at the next intact record`);
  if (skipped.length > SKIPS_SAID) {
    const rest = skipped.slice(SKIPS_SAID);
    report.warnings.push(`${path}: ${rest.length} more damaged stretches skipped (${rest.reduce((n, s) => n + s.bytes, 0)} bytes), the last after packet ${rest[rest.length - 1].afterPacket}`);
  }
  const undated = outcome.undated;
  if (undated) {
    const before = undated.beforeAnyTime ? ", or the file's modification time before any" : '';
    report.warnings.push(`${path}: ${undated.packets} packets (the first: packet ${undated.first}) are in pcapng simple packet blocks, which carry no time: each is dated with the time of the packet before it${before}`);
  }
  if (outcome.status === 'truncated') report.warnings.push(`${path}: ${outcome.problem}; ${run.exchanges} exchanges before it were kept`);
  const s = report.stats;
  if (s.gaps > 0) report.warnings.push(`${path}: ${s.gaps} capture gaps (packets missing from the capture); parsing resynchronised after each`);
  if (s.unsupportedLink > 0) report.warnings.push(`${path}: ${s.unsupportedLink} packets have a link type Lantern does not read (capinfos names it; collectors/pcap/README.md lists those read) and were skipped`);
  // Counted all along, but until 6 Dec never said: a capture of ARP, or of frames under a tag not read, gave `exchanges 0` alone.
  if (s.nonIp > 0 && s.nonIp + s.unsupportedLink === s.packets) report.warnings.push(`${path}: none of its ${s.nonIp} packets is IP (ARP, LLDP, spanning tree, or an Ethernet type Lantern does not read: collectors/pcap/README.md lists those read), so none can carry HTTP`);
  // Until 7 Dec only `malformed 23` in the summary: nothing said what, or where in the capture to look.
  if (s.malformed > 0 && run.malformedKinds) report.warnings.push(`${path}: ${s.malformed} malformed: ${describeMalformed(run.malformedKinds, path)}`);
  if (s.snaplenCut > 0) {
    const heads = s.cutHeads > 0 ? `; ${s.cutHeads} HTTP message heads were cut and are reported from what was captured (no body sizes, no auth unless seen)` : '';
    report.warnings.push(`${path}: ${s.snaplenCut} packets cut by the snapshot length${heads}`);
  }
  return report;
}

/** The files of a directory that are not captures, said once. */
export function notCapturesWarning(dir: string, names: string[]): string {
  const shown = names.slice(0, 5).join(', ');
  return `${dir}: ${names.length} file${names.length === 1 ? ' is' : 's are'} not a capture and ${names.length === 1 ? 'was' : 'were'} skipped (${shown}${names.length > 5 ? ', …' : ''})`;
}
