/**
 * Suites share this Redis database; database 0 stays the developer's (npm start). Global setup
 * empties it at the start of every run, so it must never be a database anyone else uses.
 */
export const TEST_DB = 9;
