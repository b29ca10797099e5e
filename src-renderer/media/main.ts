// Entry of the Electron media window: no UI, only the media end.
import { startBrowserMedia } from './browser-media';

if (window.anlaufMedia) startBrowserMedia(window.anlaufMedia);
else console.error('The media window was opened without its bridge to main.');
