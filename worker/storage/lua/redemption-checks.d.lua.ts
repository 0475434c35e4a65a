// A fragment or a body: only composed.ts puts it into a script (it has no contract of its own).
declare const source: string;
export default source;
