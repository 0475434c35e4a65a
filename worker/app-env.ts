/** Hono's environment for every route and middleware: the Worker's typed bindings. */
export type AppEnv = { Bindings: Env };
