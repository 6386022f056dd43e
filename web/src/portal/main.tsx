import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { PortalRoot } from './PortalRoot';
import { registerServiceWorker } from './offline/register-sw';
import { preloadPortalPage } from './routes';
import '../styles.css';

preloadPortalPage(window.location.pathname);
const el = document.getElementById('root');
if (!el) throw new Error('#root missing');
createRoot(el).render(
  <StrictMode>
    <BrowserRouter>
      <PortalRoot />
    </BrowserRouter>
  </StrictMode>,
);
registerServiceWorker();
