import { version } from '../package.json';

/** The release every surface reports (Worker /health, widget, extension). */
export const VOUCH_VERSION: string = version;
