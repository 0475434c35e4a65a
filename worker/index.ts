import { createApp } from './app.ts';

// Static files (the widget bundle) are served by Workers Static Assets before this runs.
export default createApp();
