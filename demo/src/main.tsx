/** The demo's entry: one client for the page, the settings from the URL, the service worker, the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { createDemoClient } from './lib/demo-client.js';
import { registerServiceWorker } from './lib/service-worker.js';
import { readSettings } from './lib/settings.js';
import './styles/demo.css';

// Outside React, so StrictMode's double rendering cannot start a second worker.
const demo = createDemoClient();
const settings = readSettings(location.search);
registerServiceWorker();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App settings={settings} demo={demo} />
  </StrictMode>,
);
