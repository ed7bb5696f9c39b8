/** Refusals of a tool's arguments that its schema cannot express, worded for the caller to correct. */
import { ValidationError } from "../api/errors.js";

/** A tool argument that is wrong in a way the schema cannot say (a platform's missing setting, a path outside the allowed directories). */
export class ToolInputError extends Error {}

/**
 * For a value a tool sends under another name (the caller's `userId` as the request's `id`, its
 * `completedConfigurationId` as a read's `configurationId`): a refusal naming the name it was sent
 * under is said as the caller's field, so that the fix names what the caller gave. Others pass as they are.
 */
export function refusedAs(field: string, sentAs: string, what: string): (error: unknown) => never {
  return (error) => {
    if (!(error instanceof ValidationError) || !Object.hasOwn(error.fieldErrors, sentAs)) throw error;
    throw new ToolInputError(
      `${field}: ${what} was refused (${error.message}). Fix ${field} and call again.`,
    );
  };
}
