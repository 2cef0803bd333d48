/** Reports what a shared worker offers here: a WebGPU adapter, and cross-origin isolation (WASM threads). */
const scope = self as unknown as { crossOriginIsolated: boolean; addEventListener(type: 'connect', listener: (event: MessageEvent) => void): void };
scope.addEventListener('connect', (event) => {
  const port = event.ports[0]!;
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  void (gpu ? gpu.requestAdapter().catch(() => null) : Promise.resolve(null)).then((adapter) => {
    port.postMessage({ webgpuApi: gpu !== undefined, webgpuAdapter: adapter !== null, isolated: scope.crossOriginIsolated === true });
  });
});
