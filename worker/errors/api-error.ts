import type { ErrorType } from '../../shared/schemas/error.ts';

const STATUS_BY_TYPE: Record<ErrorType, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found_error: 404,
  conflict_error: 409,
  rate_limit_error: 429,
  api_error: 500,
};

/** An error the API means to show: its type, code and message go to the client as they are. */
export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly type: ErrorType,
    readonly code: string,
    message: string,
    options: { status?: number; param?: string; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = options.status ?? STATUS_BY_TYPE[type];
    this.param = options.param;
    this.headers = options.headers ?? {};
  }

  readonly param: string | undefined;
  /** Extra response headers, e.g. Retry-After on 429. */
  readonly headers: Record<string, string>;
}
