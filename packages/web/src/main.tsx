import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppShell } from './app/app-shell';
import { startTheme } from './app/theme';
import { createServices } from './services/services';
import { ServicesContext } from './services/services-context';
import './app/global.css';

startTheme();
const services = createServices(window.location);
services.live.start();
// Coming back online should not wait for the next backoff step.
window.addEventListener('online', () => services.live.reconnectNow());

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <ServicesContext value={services}>
      <AppShell />
    </ServicesContext>
  </StrictMode>,
);
