import { z } from 'zod';
import { DEFAULT_DETECTORS, type SensitiveDetector } from './sensitive-data';
import { ibanValid, luhnValid, ninoValid, spanishIdValid, ssnValid } from './sensitive-checks';

// Apart from sensitive-data.ts so that the capture engine, which runs the detectors, loads no zod.
/** Detectors an operator adds in configuration: a tag, a regex and optionally a named checksum. */
export const detectorConfigSchema = z.object({
  tag: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
  pattern: z.string().min(1).max(1024),
  flags: z.string().regex(/^[imsu]*$/).optional(),
  verify: z.enum(['luhn', 'iban', 'ssn', 'nino', 'spanish-id']).optional(),
});
export type DetectorConfig = z.infer<typeof detectorConfigSchema>;

const CHECKS: Record<NonNullable<DetectorConfig['verify']>, (m: string) => boolean> = {
  luhn: (m) => luhnValid(m.replace(/\D/g, '')),
  iban: ibanValid,
  ssn: ssnValid,
  nino: ninoValid,
  'spanish-id': spanishIdValid,
};

/**
 * The default detectors plus configured ones. Returns an error (not an exception) for a pattern that
 * does not compile, naming the entry, so a bad config line is reported where it is.
 */
export function buildDetectors(config: readonly DetectorConfig[], base: SensitiveDetector[] = DEFAULT_DETECTORS): { ok: true; detectors: SensitiveDetector[] } | { ok: false; error: string } {
  const out = [...base];
  for (const [i, c] of config.entries()) {
    try {
      out.push({ tag: c.tag, pattern: new RegExp(c.pattern, `g${(c.flags ?? '').replace(/g/g, '')}`), ...(c.verify ? { verify: CHECKS[c.verify] } : {}) });
    } catch (err) {
      return { ok: false, error: `detector ${i} (${c.tag}): ${(err as Error).message}` };
    }
  }
  return { ok: true, detectors: out };
}
