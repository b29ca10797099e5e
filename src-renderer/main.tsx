import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startBrowserMedia } from './media/browser-media';
import './styles/index.css';

// In the browser host the page is also the media end: the calls' audio lives here.
if (window.anlaufMedia) startBrowserMedia(window.anlaufMedia);

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
