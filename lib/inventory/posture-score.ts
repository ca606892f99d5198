/**
 * An API's security-posture score out of 100, where every point lost is explained. Deductions are capped per rule
 * so one noisy problem cannot hide the others.
 */
export interface PostureInput {
  hasOwner: boolean;
  shadowEndpoints: number;
  zombieEndpoints: number;
  /** Endpoints whose operation requires security but that answered 2xx to calls without credentials. */
  unauthenticatedOnSecured: number;
  /** Endpoints whose operation requires security, and all traffic to them carried credentials. */
  securedAndObserved: number;
  /** Endpoints that returned sensitive data to callers without credentials. */
  sensitiveUnauthenticated: number;
  /** Endpoints whose traffic was observed in cleartext HTTP (not TLS), when the source could tell. */
  cleartextEndpoints: number;
  operationsTotal: number;
  operationsSeen: number;
}

export interface PostureLine {
  rule: string;
  points: number;
  explanation: string;
}

export function postureScore(p: PostureInput): { score: number; lines: PostureLine[] } {
  const lines: PostureLine[] = [];
  const deduct = (rule: string, count: number, each: number, cap: number, what: string) => {
    if (count > 0) lines.push({ rule, points: -Math.min(count * each, cap), explanation: `${count} ${what} (−${each} each, at most −${cap})` });
  };
  if (!p.hasOwner) lines.push({ rule: 'owner', points: -10, explanation: 'no owner team: nobody is accountable for this API (−10)' });
  deduct('unauthenticated-2xx', p.unauthenticatedOnSecured, 15, 30, 'endpoint(s) whose spec requires auth answered 2xx without credentials');
  deduct('sensitive-exposure', p.sensitiveUnauthenticated, 20, 40, 'endpoint(s) returned sensitive data to anonymous callers');
  deduct('zombie', p.zombieEndpoints, 10, 20, 'deprecated or sunset endpoint(s) still called');
  deduct('shadow', p.shadowEndpoints, 5, 25, 'undocumented (shadow) endpoint(s)');
  deduct('cleartext', p.cleartextEndpoints, 5, 15, 'endpoint(s) seen over cleartext HTTP');
  if (p.securedAndObserved > 0) lines.push({ rule: 'auth-observed', points: 0, explanation: `${p.securedAndObserved} endpoint(s) require auth and every observed call carried credentials` });
  if (p.operationsTotal > 0) lines.push({ rule: 'coverage', points: 0, explanation: `${p.operationsSeen} of ${p.operationsTotal} documented operations seen in traffic` });
  const score = Math.max(0, 100 + lines.reduce((n, l) => n + l.points, 0));
  return { score, lines };
}
