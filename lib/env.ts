import { z } from 'zod';
import { emailSchema } from './auth/email';
import { DEFAULT_DATA_DIR, FINGERPRINT_KEY_MIN_LENGTH, KEY_AND_FILE, KEY_FILE_EMPTY } from './collector-env';

/**
 * Every environment variable Lantern reads, parsed once (the README's configuration table is this schema, in prose).
 * Nothing else touches `process.env` except collector-env.ts, which reads what a collector run needs without loading
 * zod (the key and data dir by these rules), bin/cli-bundle.mjs (LANTERN_DEBUG, before TypeScript loads) and the Prisma
 * CLI's configs; env-readers.test.ts holds the list.
 */
const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .default('file:./data/lantern.db')
    .refine((u) => /^file:[^?]/.test(u) || /^postgres(ql)?:\/\//.test(u), {
      message: 'DATABASE_URL must be file:<path> (SQLite) or postgres://… (PostgreSQL)',
    }),
  LANTERN_DATA_DIR: z.string().default(DEFAULT_DATA_DIR),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  LANTERN_ADMIN_EMAIL: emailSchema.default('admin@localhost'),
  LANTERN_ADMIN_PASSWORD: z.string().min(8).optional(),
  LANTERN_DEMO: z.enum(['0', '1']).default('1'),
  NEXTAUTH_SECRET: z.string().min(16).optional(),
  NEXTAUTH_URL: z.url().optional(),
  LANTERN_SESSION_MAX_AGE: z.coerce.number().int().positive().default(8 * 3600),
  /**
   * Reverse proxies in front of Lantern that append to X-Forwarded-For; the hop the outermost one added is the client.
   * 0 (the default, `npm start` answering browsers itself): the header is the client's own, so it is ignored.
   */
  LANTERN_TRUSTED_PROXIES: z.coerce.number().int().min(0).max(10).default(0),
  LANTERN_OIDC_ISSUER: z.url().optional(),
  LANTERN_OIDC_CLIENT_ID: z.string().optional(),
  LANTERN_OIDC_CLIENT_SECRET: z.string().optional(),
  LANTERN_OIDC_ROLE_CLAIM: z.string().default('lantern_role'),
  LANTERN_OIDC_TEAM_CLAIM: z.string().default('lantern_team'),
  LANTERN_OIDC_DEFAULT_ROLE: z.enum(['viewer', 'owner', 'governance', 'admin']).default('viewer'),
  LANTERN_FINGERPRINT_KEY: z.string().min(FINGERPRINT_KEY_MIN_LENGTH).optional(),
  /** A file holding the fingerprint key (read by lib/fingerprint-key.ts), instead of LANTERN_FINGERPRINT_KEY. */
  LANTERN_FINGERPRINT_KEY_FILE: z.string().min(1, KEY_FILE_EMPTY).optional(),
  /** Defaults for `--server` and `--token` of the writing commands (push, spec push, check). */
  LANTERN_SERVER: z.url().optional(),
  LANTERN_TOKEN: z.string().optional(),
  /** Comma-separated webhook URLs for alerts; prefix one with `slack:` for Slack-compatible payloads. */
  /** Only http(s): a file:, data: or other scheme would fail every attempt silently, 20 times per alert. */
  LANTERN_WEBHOOK_URLS: z
    .string()
    .superRefine((value, ctx) => {
      value.split(',').map((s) => s.trim()).forEach((entry, i) => {
        if (entry && !isHttpUrl(entry.replace(/^slack:/, ''))) {
          // By position, not value: a webhook URL is often its own key.
          ctx.addIssue({ code: 'custom', message: `entry ${i + 1} is not an http(s) URL (optionally prefixed with slack:)` });
        }
      });
    })
    .optional(),
  LANTERN_WEBHOOK_SECRET: z.string().min(16).optional(),
  /** Append-only JSON-lines file of alerts, for SIEMs. */
  LANTERN_EVENT_FILE: z.string().optional(),
  /** Daily stats older than this many days are rolled up into monthly rows. */
  LANTERN_RETENTION_DAYS: z.coerce.number().int().min(7).default(90),
  /** Largest accepted ingest body (after gzip decoding). */
  LANTERN_INGEST_MAX_BYTES: z.coerce.number().int().min(1024).default(32 * 1024 * 1024),
  /** Concurrent ingest requests per app replica before answering 429. */
  LANTERN_INGEST_CONCURRENCY: z.coerce.number().int().min(1).default(4),
  /** Ingest requests per second per API token (token bucket, per replica) before answering 429 with Retry-After. */
  LANTERN_INGEST_RATE: z.coerce.number().positive().default(20),
  /** Requests a token may send at once before LANTERN_INGEST_RATE applies (a pusher draining its spool). */
  LANTERN_INGEST_BURST: z.coerce.number().int().min(1).default(60),
  /** How long the inventory's chart data is served from memory before a background refresh (0: every request). */
  LANTERN_STATS_FRESH_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  /** Test-only: the dashboard build `lantern serve` checks for freshness, so a test can hand it a fake one. */
  LANTERN_TEST_NEXT_DIR: z.string().optional(),
  /** Test-only: while this file exists, serve's start-up passes wait after their first, so a test can call the server mid-upgrade. */
  LANTERN_TEST_HOLD_STORED_DATA: z.string().optional(),
}).superRefine((e, ctx) => {
  if (e.LANTERN_FINGERPRINT_KEY !== undefined && e.LANTERN_FINGERPRINT_KEY_FILE) {
    ctx.addIssue({ code: 'custom', path: ['LANTERN_FINGERPRINT_KEY_FILE'], message: KEY_AND_FILE });
  }
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (!cached) {
    const parsed = envSchema.safeParse(process.env);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
      throw new Error(`invalid environment:\n${problems}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** Tests change the environment between cases. */
export function resetEnvCache(): void {
  cached = undefined;
}

function isHttpUrl(value: string): boolean {
  return URL.canParse(value) && ['http:', 'https:'].includes(new URL(value).protocol);
}
