/**
 * Reads the instance may not offer. `optional()` turns the answers that mean "cannot read this here"
 * (no route, no object, refused to this role, an answer without what was asked) into a value the
 * caller can say something about, and lets every other failure through.
 */
import { ApiError, AuthError, NotFoundError, RouteMissingError } from "../errors.js";

/**
 * A read the instance may not offer: its value, or why it could not be read (and whether that is
 * because the instance has no such route, rather than no such object).
 */
export type Optional<T> = { ok: true; value: T } | { ok: false; reason: string; routeMissing: boolean };

/** Reads the instance may not offer: these answers mean "cannot read this here", not "broken". */
export function isUnavailable(error: unknown): error is ApiError {
  return (
    error instanceof RouteMissingError ||
    error instanceof NotFoundError ||
    (error instanceof AuthError && error.status === 403) ||
    (error instanceof ApiError && error.code === "unexpected_response")
  );
}

export async function optional<T>(read: Promise<T>): Promise<Optional<T>> {
  try {
    return { ok: true, value: await read };
  } catch (error) {
    if (isUnavailable(error))
      return { ok: false, reason: error.message, routeMissing: error instanceof RouteMissingError };
    throw error;
  }
}

/** What the instance answers, else what this process remembers creating, else why neither is known. */
export async function readOrRemembered<T>(
  read: Promise<T>,
  remembered: () => T | undefined,
): Promise<Optional<T>> {
  const answered = await optional(read);
  if (answered.ok) return answered;
  const known = remembered();
  return known ? { ok: true, value: known } : answered;
}
