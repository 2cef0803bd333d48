/**
 * Shown when the model host cannot be reached (no internet, a blocked
 * network): says so in plain words and, next to a local hub (`npm run demo`),
 * offers the tiny test model instead.
 */
import type { ReactElement } from 'react';
import { choiceHref, TEST_MODEL, isTestModel } from '../lib/model-choices.js';
import { hostName, LOCAL_HUB, type DemoSettings } from '../lib/settings.js';
import { CloudOffIcon } from './icons.js';

/** The notice for an unreachable model host, with the tiny local model as a way out. */
export function HubNotice({ settings, online }: { settings: DemoSettings; online: boolean }): ReactElement {
  const offerTestModel = TEST_MODEL !== undefined && LOCAL_HUB !== undefined && !isTestModel(settings.model);
  return (
    <div className="hub-notice" role="alert">
      <span className="hub-notice__icon">
        <CloudOffIcon />
      </span>
      <div className="hub-notice__text">
        <p className="hub-notice__title">{hostName(settings.host)} can't be reached</p>
        <p>
          {online ? 'This network may block it, or the host is down. ' : 'This device is offline. '}
          The model downloads once, then loads from this browser with no network at all.
        </p>
      </div>
      {offerTestModel && TEST_MODEL && (
        <a className="button button--primary" href={choiceHref(TEST_MODEL, settings, location.search)}>
          Use the tiny local model
        </a>
      )}
    </div>
  );
}
