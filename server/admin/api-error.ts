// The admin API's one error shape, {error: {code, message, where}}, and the Express mapper that sends it.
import type { ErrorRequestHandler, Response } from 'express';
import type { z } from 'zod';
import type { ApiError } from '../../shared/protocol/api-error.ts';
import { zodProblems } from '../../shared/rules/ruleset-json.ts';
import type { Problem } from '../../shared/rules/types.ts';
import { StoreError } from '../store/file-adapter.ts';

/** An expected failure of an admin request: the status, a stable code, and where in the input it is. */
export class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly where?: string,
    readonly problems?: readonly Problem[],
  ) {
    super(message);
  }
}

/** A 400 listing every problem; the first one is the message and the `where`. */
export function invalid(code: string, problems: readonly Problem[]): AdminError {
  const first = problems[0] ?? { where: '/', message: 'invalid input' };
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return new AdminError(400, code, `${first.where}: ${first.message}${more}`, first.where, problems);
}

/** Parses a request body with zod, or throws a 400 whose pointers name the bad fields. */
export function parseBody<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalid('INVALID_BODY', zodProblems(parsed.error));
  return parsed.data;
}

export function sendError(res: Response, e: AdminError): void {
  const body: ApiError = {
    error: {
      code: e.code,
      message: e.message,
      ...(e.where === undefined ? {} : { where: e.where }),
      ...(e.problems ? { problems: e.problems } : {}),
    },
  };
  res.status(e.status).set('Cache-Control', 'no-store').json(body);
}

/** What body-parser and the store throw, mapped to the same shape; anything else is a 500 without internals. */
function toAdminError(error: unknown): AdminError {
  if (error instanceof AdminError) return error;
  if (error instanceof StoreError)
    return new AdminError(error.code === 'STORE_CONFLICT' ? 409 : 500, error.code, error.message);
  const e = error as { type?: unknown; status?: unknown; message?: unknown };
  if (e.type === 'entity.parse.failed')
    return new AdminError(400, 'BAD_JSON', `the body is not JSON: ${String(e.message)}`, '/');
  if (e.type === 'entity.too.large') return new AdminError(413, 'TOO_LARGE', 'the body is too large', '/');
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500)
    return new AdminError(e.status, 'BAD_REQUEST', String(e.message));
  return new AdminError(500, 'INTERNAL', 'internal error (see doxy output)');
}

export const errorMapper: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
  const e = toAdminError(error);
  if (e.status >= 500)
    process.stderr.write(`doxy admin: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendError(res, e);
};
