/**
 * The endpoint rows stored under these hosts, as a Prisma `where`: a host without a port (a spec's server URL) names
 * it on every port, as the matcher reads it (lib/openapi/matcher.ts sameHost), so `api.example.com` takes the rows a
 * mirror of its TLS port stored under `api.example.com:8443` too. Hosts are lower-case, as endpoints keep theirs.
 */
export function hostsWhere(hosts: readonly string[]) {
  const lower = hosts.map((h) => h.toLowerCase());
  const onOtherPorts = lower.filter((h) => !/:\d+$/.test(h)).map((h) => ({ host: { startsWith: `${h}:` } }));
  return { OR: [{ host: { in: lower } }, ...onOtherPorts] };
}
