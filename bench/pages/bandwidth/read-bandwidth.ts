/**
 * How fast this page can read memory, the ceiling on decode speed: a decode
 * step reads every weight once, so `bytes per token × tokens/s` over this
 * figure is the fraction of the limit a runtime reaches. Measured as the
 * runtimes read: WebAssembly SIMD (16-byte loads, four per iteration) in a
 * worker, over a buffer far larger than any cache, written first so that no
 * page is the shared zero page. The best of a few sweeps.
 */

/**
 * `(func (export "sum") (param $p i32) (param $end i32) (result i32))`: adds
 * 16-byte words from `$p` to `$end` (a multiple of 64 apart) into one
 * i32x4 and returns its first lane, so the loads cannot be optimised away;
 * the module exports its memory. Hand-assembled (WebAssembly binary format,
 * SIMD proposal opcodes); the bytes are annotated section by section.
 */
const SUM_MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, // type: (i32, i32) -> i32
  0x03, 0x02, 0x01, 0x00, // function 0 has type 0
  0x05, 0x03, 0x01, 0x00, 0x01, // one memory, min 1 page, no max
  0x07, 0x10, 0x02, 0x03, 0x73, 0x75, 0x6d, 0x00, 0x00, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, // export "sum", "memory"
  0x0a, 0x43, 0x01, 0x41, // code: one body of 65 bytes
  0x01, 0x01, 0x7b, // one v128 local ($acc)
  0x03, 0x40, // loop
  0x20, 0x02, // $acc
  0x20, 0x00, 0xfd, 0x00, 0x04, 0x00, 0xfd, 0xae, 0x01, // + v128.load [$p]
  0x20, 0x00, 0xfd, 0x00, 0x04, 0x10, 0xfd, 0xae, 0x01, // + v128.load [$p + 16]
  0x20, 0x00, 0xfd, 0x00, 0x04, 0x20, 0xfd, 0xae, 0x01, // + v128.load [$p + 32]
  0x20, 0x00, 0xfd, 0x00, 0x04, 0x30, 0xfd, 0xae, 0x01, // + v128.load [$p + 48]
  0x21, 0x02, // -> $acc
  0x20, 0x00, 0x41, 0xc0, 0x00, 0x6a, 0x22, 0x00, // $p += 64
  0x20, 0x01, 0x49, 0x0d, 0x00, // br_if loop ($p < $end)
  0x0b, // end loop
  0x20, 0x02, 0xfd, 0x1b, 0x00, // i32x4.extract_lane 0
  0x0b, // end function
]);

/** The worker's whole program: instantiate, fill, sweep, post the best bytes/s. */
function workerMain(bytes: Uint8Array, megabytes: number, sweeps: number): void {
  void WebAssembly.instantiate(bytes as BufferSource).then(({ instance }: WebAssembly.WebAssemblyInstantiatedSource) => {
    const memory = instance.exports['memory'] as WebAssembly.Memory;
    const sum = instance.exports['sum'] as (p: number, end: number) => number;
    const size = megabytes * 2 ** 20;
    memory.grow(size / 65536);
    const start = 65536;
    new Uint8Array(memory.buffer).fill(1, start, start + size);
    let best = 0;
    let check = 0;
    for (let i = 0; i < sweeps; i++) {
      const t0 = performance.now();
      check += sum(start, start + size);
      best = Math.max(best, size / ((performance.now() - t0) / 1000));
    }
    postMessage({ bytesPerSecond: best, check });
  });
}

/** The page's WASM SIMD read bandwidth in bytes per second (a 512 MiB buffer, best of 5 sweeps). */
export function measureReadBandwidth(megabytes = 512, sweeps = 5): Promise<number> {
  const source = `(${workerMain.toString()})(new Uint8Array([${SUM_MODULE.join(',')}]), ${megabytes}, ${sweeps});`;
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const worker = new Worker(url);
  return new Promise<number>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<{ bytesPerSecond: number }>) => resolve(event.data.bytesPerSecond);
    worker.onerror = (event) => reject(new Error(event.message));
  }).finally(() => {
    worker.terminate();
    URL.revokeObjectURL(url);
  });
}
