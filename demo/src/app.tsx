/**
 * The demo page: `<Qwen3Chat>` filling the viewport, and beside it the model
 * picker, the device in use, the last reply's figures, the stored models and
 * how to embed the chat in an app.
 */
import { useCallback, useMemo, useState, useSyncExternalStore, type ReactElement } from 'react';
import type { Qwen3Error } from 'qwen3-web';
import { Qwen3Chat, type ChatFinishInfo, type GenerationOptions, type ReplyStats } from 'qwen3-web/react';
import { CachedModels } from './components/cached-models.js';
import { DeviceInfo } from './components/device-info.js';
import { EmbedSnippet } from './components/embed-snippet.js';
import { HubNotice } from './components/hub-notice.js';
import { JsonCard } from './components/json-card.js';
import { LastReply } from './components/last-reply.js';
import { ModelPicker } from './components/model-picker.js';
import { SidePanel } from './components/side-panel.js';
import { ToolsCard } from './components/tools-card.js';
import { TopBar } from './components/top-bar.js';
import { UpdateBanner } from './components/update-banner.js';
import { useCachedModels } from './hooks/use-cached-models.js';
import { useCapabilities } from './hooks/use-capabilities.js';
import { useOnline } from './hooks/use-online.js';
import { usePwa } from './hooks/use-pwa.js';
import type { DemoClient } from './lib/demo-client.js';
import { DEMO_TOOLS, type ToolsMode } from './lib/demo-tools.js';
import { isTestModel } from './lib/model-choices.js';
import type { DemoSettings } from './lib/settings.js';

/** The random-weight test model writes noise: short replies, a short think. */
const TEST_MODEL_CHAT: GenerationOptions = { maxNewTokens: 48 };
const TEST_MODEL_THINKING_BUDGET = 16;
/** Enough for a real model to read a sentence and plan the object. */
const JSON_THINKING_BUDGET = 256;

/** Props of {@link App}. */
export interface AppProps {
  settings: DemoSettings;
  demo: DemoClient;
}

/** The whole page. */
export function App({ settings, demo }: AppProps): ReactElement {
  const engine = useSyncExternalStore(demo.subscribe, demo.getSnapshot);
  const caps = useCapabilities();
  const cache = useCachedModels(engine.loaded);
  const online = useOnline();
  const pwa = usePwa();
  const [stats, setStats] = useState<ReplyStats>();
  const [error, setError] = useState<Qwen3Error>();
  const [panelOpen, setPanelOpen] = useState(false);
  const closePanel = useCallback(() => setPanelOpen(false), []);
  const testModel = isTestModel(settings.model);
  const [toolsMode, setToolsMode] = useState<ToolsMode>(settings.tools);
  const chatOptions = useMemo((): GenerationOptions | undefined => {
    const forced = toolsMode === 'calculate' || toolsMode === 'get_time' ? { toolChoice: { type: 'tool', toolName: toolsMode } as const } : undefined;
    // A forced call needs room after the test model's short think: its budget, the stop-thinking text and the call.
    return testModel || forced ? { ...(testModel && TEST_MODEL_CHAT), ...(testModel && forced && { maxNewTokens: 128 }), ...forced } : undefined;
  }, [testModel, toolsMode]);

  const onFinish = useCallback((info: ChatFinishInfo) => {
    // A stopped reply comes without figures: the card keeps the last ones.
    if (info.stats) setStats(info.stats);
  }, []);
  const hubUnreachable = error?.code === 'NETWORK' && engine.loaded === undefined;

  return (
    <div className="app">
      <TopBar online={online} offlineReady={pwa.offlineReady} panelOpen={panelOpen} onTogglePanel={() => setPanelOpen((open) => !open)} />
      <UpdateBanner pwa={pwa} />
      <div className="workspace">
        <main className="chat-pane">
          {hubUnreachable && <HubNotice settings={settings} online={online} />}
          <Qwen3Chat
            className="demo-chat"
            client={demo.chatClient}
            model={settings.model}
            host={settings.host}
            device={settings.device}
            dtype={settings.dtype}
            chatOptions={chatOptions}
            tools={toolsMode === 'off' ? undefined : DEMO_TOOLS}
            defaultThinkingBudget={testModel ? TEST_MODEL_THINKING_BUDGET : undefined}
            onFinish={onFinish}
            onError={setError}
          />
        </main>
        <SidePanel open={panelOpen} onClose={closePanel}>
          <ModelPicker settings={settings} caps={caps} cached={cache.models} />
          <DeviceInfo settings={settings} caps={caps} engine={engine} />
          <LastReply stats={stats} />
          <ToolsCard mode={toolsMode} onChange={setToolsMode} />
          <JsonCard client={demo.chatClient} ready={engine.loaded !== undefined} thinkingBudget={testModel ? TEST_MODEL_THINKING_BUDGET : JSON_THINKING_BUDGET} />
          <CachedModels cache={cache} loaded={engine.loaded} />
          <EmbedSnippet settings={settings} testModel={testModel} />
        </SidePanel>
      </div>
    </div>
  );
}
