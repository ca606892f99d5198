import { CaptureEngine } from '../../../collectors/pcap/capture-engine';

/**
 * Makes every CaptureEngine of this thread throw once, as a bug would, when handed the packet that follows its
 * `packets`-th; returns the undo. Tests of what an exception in the engine ends (a file, a shard) and what goes on.
 */
export function injectEngineBug(packets: number): () => void {
  const original = CaptureEngine.prototype.packet;
  let armed = true;
  CaptureEngine.prototype.packet = function (this: CaptureEngine, ...args: Parameters<CaptureEngine['packet']>) {
    if (armed && this.packets === packets) {
      armed = false;
      throw new Error('engine bug on purpose');
    }
    return original.apply(this, args);
  };
  return () => {
    CaptureEngine.prototype.packet = original;
  };
}
