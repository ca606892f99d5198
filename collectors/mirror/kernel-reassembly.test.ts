import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { kernelReassemblyFailures, snmp6Counter, snmpCounter } from './kernel-reassembly';

// Linux 6.x layout: a line of names, then a line of values, per protocol.
const SNMP = `Ip: Forwarding DefaultTTL InReceives InHdrErrors InAddrErrors ForwDatagrams InUnknownProtos InDiscards InDelivers OutRequests OutDiscards OutNoRoutes ReasmTimeout ReasmReqds ReasmOKs ReasmFails FragOKs FragFails FragCreates
Ip: 1 64 1815523 0 0 0 0 0 1815523 1710000 0 0 3 41648 396 752 0 0 0
Icmp: InMsgs InErrors
Icmp: 7 0
Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors
Udp: 89859 7 654480 742676 654480 0 0 0 0
`;
const SNMP6 = `Ip6InReceives                   \t120
Ip6ReasmReqds                   \t12
Ip6ReasmOKs                     \t3
Ip6ReasmFails                   \t5
Udp6InDatagrams                 \t44
`;

test('counters are read by name from both tables', () => {
  expect(snmpCounter(SNMP, 'Ip', 'ReasmFails')).toBe(752);
  expect(snmpCounter(SNMP, 'Ip', 'ReasmTimeout')).toBe(3);
  expect(snmpCounter(SNMP, 'Udp', 'RcvbufErrors')).toBe(654480);
  expect(snmpCounter(SNMP, 'Ip', 'NoSuchCounter')).toBeUndefined();
  expect(snmpCounter('Ip: ReasmFails\n', 'Ip', 'ReasmFails')).toBeUndefined();
  expect(snmp6Counter(SNMP6, 'Ip6ReasmFails')).toBe(5);
  expect(snmp6Counter(SNMP6, 'Ip6ReasmOKs')).toBe(3);
  expect(snmp6Counter(SNMP6, 'Ip6Missing')).toBeUndefined();
});

test.runIf(process.platform === 'linux')('the kernel total is IPv4 and IPv6 reassembly failures together', () => {
  const v4 = snmpCounter(readFileSync('/proc/net/snmp', 'utf8'), 'Ip', 'ReasmFails');
  const v6 = snmp6Counter(readFileSync('/proc/net/snmp6', 'utf8'), 'Ip6ReasmFails');
  expect(v4).toBeTypeOf('number');
  // Counters only grow: the total read after the parts is at least their sum.
  expect(kernelReassemblyFailures()).toBeGreaterThanOrEqual((v4 ?? 0) + (v6 ?? 0));
});
