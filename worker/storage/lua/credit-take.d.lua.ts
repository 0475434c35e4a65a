import type add from './credit-add.lua';

// The same KEYS, ARGV and reply as credit-add.lua (see credit-add.d.lua.ts): ARGV 5 is the most a spend
// takes, or the target a revoke brings its grant down to; the reply's status may also be 'empty'.
declare const script: typeof add;
export default script;
