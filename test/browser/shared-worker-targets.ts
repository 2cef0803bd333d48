/** The shared engine's worker as the browser sees it (a CDP target), for tests of `shared: true`. */
import type { BrowserContext } from '@playwright/test';

interface TargetInfo {
  type: string;
  url: string;
  targetId: string;
}

/** The shared engine workers now running in the context's browser. */
export async function sharedEngineTargets(context: BrowserContext): Promise<TargetInfo[]> {
  const cdp = await context.browser()!.newBrowserCDPSession();
  const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: TargetInfo[] };
  await cdp.detach();
  return targetInfos.filter((t) => t.type === 'shared_worker' && t.url.includes('shared-entry'));
}

/** Closes the shared engine's worker, as the browser does when it kills one. */
export async function killSharedEngine(context: BrowserContext): Promise<void> {
  const [worker] = await sharedEngineTargets(context);
  if (!worker) throw new Error('no shared engine worker is running');
  const cdp = await context.browser()!.newBrowserCDPSession();
  await cdp.send('Target.closeTarget', { targetId: worker.targetId });
  await cdp.detach();
}
