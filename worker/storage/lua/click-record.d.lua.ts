import type { LuaScript } from '../lua.ts';

// One command over REST for a tracked click: dedupe (code, visitor) for an hour (a duplicate is
// kept for attribution but not counted), keep the click
// for the attribution window, count it per program/advocate/code and day (and per program and
// hour, for hourly stats), add the visitor to the daily HyperLogLogs (program, advocate, code)
// and the program's hourly one, add it to the advocate's all-time total (what the widget shows
// without summing 400 daily hashes), and append its row to the day's click log (the CSV export).
// A duplicate is counted as filtered (`duplicate`) and logged as not counted. Safe to retry: a
// second run finds the click already kept and stops, counting and logging nothing.
// KEYS: 1 seen, 2 click, 3-5 daily counters (program, advocate, code), 6-8 daily visitors
// (program, code, advocate), 9 the advocate's all-time totals (no TTL), 10 the program's hourly
// stats, 11 its hourly visitors, 12-14 daily stats (program, advocate, code), 15 the click log.
// ARGV: 1 click JSON, 2 click TTL s, 3 dedupe TTL s, 4 visitor, 5 trigger, 6 daily TTL s,
// 7 hourly TTL s, 8 log row if counted, 9 log row if a duplicate.
declare const script: LuaScript<
  [
    seen: string,
    click: string,
    programClicks: string,
    advocateClicks: string,
    codeClicks: string,
    programVisitors: string,
    codeVisitors: string,
    advocateVisitors: string,
    advocateTotals: string,
    programHourStats: string,
    programHourVisitors: string,
    programDayStats: string,
    advocateDayStats: string,
    codeDayStats: string,
    clickLog: string,
  ],
  [
    click: string,
    clickTtlSeconds: number,
    dedupeTtlSeconds: number,
    visitor: string,
    trigger: string,
    dailyTtlSeconds: number,
    hourlyTtlSeconds: number,
    countedRow: string,
    duplicateRow: string,
  ],
  number
>;
export default script;
