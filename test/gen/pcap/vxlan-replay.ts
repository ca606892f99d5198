import { createSocket } from 'node:dgram';
import { readCapture } from '../../../collectors/pcap/read-capture';

/**
 * Replays a capture's Ethernet frames as VXLAN datagrams (RFC 7348: flags 0x08, 24-bit VNI), the way
 * AWS VPC Traffic Mirroring delivers them, to test the live mirror listener on loopback.
 */
export async function replayAsVxlan(capture: string, host: string, port: number, vni = 4242): Promise<number> {
  const frames: Buffer[] = [];
  await readCapture(capture, {
    packet(linkType, data, start, end) {
      if (linkType !== 1) return;
      const dgram = Buffer.alloc(8 + end - start);
      dgram[0] = 0x08;
      dgram.writeUIntBE(vni, 4, 3);
      data.copy(dgram, 8, start, end);
      frames.push(dgram);
    },
  }, { classicReader: 'builtin' });
  const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  try {
    for (const f of frames) {
      await new Promise<void>((resolve, reject) => socket.send(f, port, host, (err) => (err ? reject(err) : resolve())));
    }
  } finally {
    socket.close();
  }
  return frames.length;
}
