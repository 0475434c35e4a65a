/**
 * Suites share this Redis database; database 0 stays the developer's (npm start). Global setup
 * empties it at the start of every run, so it must never be a database anyone else uses.
 * VOUCH_TEST_DB (1-4) gives a second, concurrent run its own (two runs on one database empty
 * each other's data mid-test). Databases 5-8 and 10-15 belong to suites that pin their own (a run
 * on one of them would empty that suite's data mid-test: docs/ARCHITECTURE.md lists them).
 */
function pick(): number {
  const raw = process.env.VOUCH_TEST_DB;
  if (raw === undefined || raw === '') return 9;
  const db = Number(raw);
  if (!Number.isInteger(db) || db < 1 || db > 4) {
    throw new Error(
      `VOUCH_TEST_DB must be 1-4 (0 is the developer's, 9 the default run's, 5-8 and 10-15 belong to suites); ` +
        `got ${raw}.`,
    );
  }
  return db;
}

export const TEST_DB = pick();
