/**
 * Where the model runs: the backend and precision in use (once loaded; the
 * expected ones before), and what the browser offers — WebGPU adapter and
 * shader-f16, WASM threads and cross-origin isolation, cores and memory.
 */
import type { ReactElement, ReactNode } from 'react';
import { chooseDevice, findModel, type Capabilities } from 'qwen3-web';
import type { EngineState } from '../lib/demo-client.js';
import { planDownload } from '../lib/download-size.js';
import { formatMs } from '../lib/format.js';
import type { DemoSettings } from '../lib/settings.js';
import { PanelSection } from './panel-section.js';

/** Props of {@link DeviceInfo}. */
export interface DeviceInfoProps {
  settings: DemoSettings;
  caps: Capabilities | undefined;
  engine: EngineState;
}

const BACKENDS = { webgpu: 'WebGPU', wasm: 'WASM' } as const;

/** The device card. */
export function DeviceInfo({ settings, caps, engine }: DeviceInfoProps): ReactElement {
  const { loaded, status } = engine;
  return (
    <PanelSection title="Device" className="device-info" aside={loaded ? <span className="dot dot--ok">Running</span> : undefined}>
      <dl className="facts">
        <Fact field="backend" label="Backend">
          {loaded ? BACKENDS[loaded.device] : <Expected>{expectedBackend(settings, caps)}</Expected>}
        </Fact>
        <Fact field="dtype" label="Precision">
          {loaded ? loaded.dtype : <Expected>{expectedDtype(settings, caps)}</Expected>}
        </Fact>
        {loaded && (
          <Fact field="load-time" label="Loaded in">
            {formatMs(loaded.loadMs)}
          </Fact>
        )}
        <Fact field="gpu" label="WebGPU">
          {gpuName(caps)}
        </Fact>
        <Fact field="shader-f16" label="shader-f16">
          {caps?.webgpu ? (caps.webgpu.shaderF16 ? 'Yes' : 'No') : '–'}
        </Fact>
        <Fact field="threads" label="WASM threads">
          {caps ? <Threads caps={caps} /> : '…'}
        </Fact>
        <Fact field="cores" label="CPU cores">
          {caps?.hardwareConcurrency ?? '–'}
        </Fact>
        {caps?.deviceMemoryGiB !== undefined && (
          <Fact field="memory" label="Memory">
            {`≥ ${caps.deviceMemoryGiB} GB`}
          </Fact>
        )}
      </dl>
      {status && status.type !== 'recovered' && <p className="note note--warn">{statusText(status.type)}</p>}
      {settings.ignored.length > 0 && <p className="note note--warn">Ignored unknown URL parameters: {settings.ignored.join(', ')}.</p>}
    </PanelSection>
  );
}

function Fact({ field, label, children }: { field: string; label: string; children: ReactNode }): ReactElement {
  return (
    <div className="facts__row" data-field={field}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Threads({ caps }: { caps: Capabilities }): ReactElement {
  if (caps.crossOriginIsolated) return <>{caps.wasmThreads}</>;
  return (
    <span title="Without COOP/COEP headers the page is not cross-origin isolated: no SharedArrayBuffer, so WASM runs on one thread">
      {caps.wasmThreads} <small>· not isolated</small>
    </span>
  );
}

function Expected({ children }: { children: ReactNode }): ReactElement {
  return (
    <span className="muted" title="Before the model loads: what the SDK expects to use">
      {children} <small>(expected)</small>
    </span>
  );
}

function expectedBackend(settings: DemoSettings, caps: Capabilities | undefined): string {
  if (!caps) return settings.device === 'auto' ? 'auto' : BACKENDS[settings.device];
  try {
    return BACKENDS[chooseDevice(settings.device, caps)];
  } catch {
    return 'WebGPU (unavailable)';
  }
}

function expectedDtype(settings: DemoSettings, caps: Capabilities | undefined): string {
  const model = findModel(settings.model);
  if (!caps || !model) return settings.dtype;
  const plan = planDownload(model, caps, settings.device, settings.dtype);
  return plan.fits ? plan.dtype : settings.dtype;
}

function gpuName(caps: Capabilities | undefined): string {
  if (!caps) return '…';
  const gpu = caps.webgpu;
  if (!gpu) return caps.webgpuApi ? 'No adapter' : 'Not available';
  const name = [gpu.vendor, gpu.architecture].filter(Boolean).join(' ') || 'Adapter';
  return gpu.isFallbackAdapter || /swiftshader|llvmpipe/i.test(gpu.architecture) ? `${name} (software)` : name;
}

function statusText(type: 'webgpu-failed' | 'device-lost' | 'recovery-failed'): string {
  switch (type) {
    case 'webgpu-failed':
      return 'WebGPU could not run this model here, so it runs on WASM.';
    case 'device-lost':
      return 'The GPU was lost; the model is moving to WASM.';
    case 'recovery-failed':
      return 'The GPU was lost and moving the model to WASM failed: reload the page.';
  }
}
