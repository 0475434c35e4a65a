/** Where the detector reads its options: set in the extension's isolated world of the tab just before the scan runs. */
export const SCAN_OPTIONS_KEY = '__vouchScanOptions';
