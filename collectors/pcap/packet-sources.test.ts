import { expect, test } from 'vitest';
import { PacketSources } from './packet-sources';

test('packet numbers of a series are told back as each file and its own numbering', () => {
  const s = new PacketSources('a.pcap');
  s.add('b.pcap', 101, 1);
  s.add('c.pcap', 251, 1);
  expect(s.of(1)).toEqual({ file: 'a.pcap', packet: 1 });
  expect(s.of(100)).toEqual({ file: 'a.pcap', packet: 100 });
  expect(s.of(101)).toEqual({ file: 'b.pcap', packet: 1 });
  expect(s.of(250)).toEqual({ file: 'b.pcap', packet: 150 });
  expect(s.of(900)).toEqual({ file: 'c.pcap', packet: 650 });
});

test('files no live flow refers to are let go; the one holding the oldest needed packet stays', () => {
  const s = new PacketSources('a.pcap');
  s.add('b.pcap', 101, 1);
  s.add('c.pcap', 201, 150);
  expect(s.files).toBe(2);
  expect(s.of(150)).toEqual({ file: 'b.pcap', packet: 50 });
  s.add('d.pcap', 301, 301);
  expect(s.files).toBe(1);
  s.reset('e.pcap', 401);
  expect(s.of(450)).toEqual({ file: 'e.pcap', packet: 50 });
});
