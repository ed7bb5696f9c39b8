/** Who the server is signed in as, and where. */
import { z } from "zod";
import { ApiError } from "../api/errors.js";
import { plainOrQuoted, quoted } from "../api/quoted.js";
import { defineTool } from "./define.js";

/** A documented read every instance serves: whoami asks it to prove the sign-in works now. */
const PROBE_PLATFORM = "Microsoft365";

export const accountTools = [
  defineTool({
    name: "whoami",
    title: "Who am I",
    description: "Sign-in check: instance, user, role, simulator or real. Call first.",
    toolset: "account",
    endpoints: ["login", "listConnections"],
    input: {},
    output: {
      instanceUrl: z.string(),
      simulator: z.boolean(),
      userId: z.string().optional(),
      email: z.string().optional(),
      userName: z.string().optional(),
      role: z.string().optional(),
    },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    example: {},
    handler: async (_args, ctx) => {
      const profile = await ctx.cloudm.profile(ctx.signal);
      // The sign-in may be cached: a documented read proves the instance answers with it now. Any
      // answer from the instance itself will do; no answer at all (down, unreachable) is the error.
      await ctx.cloudm.listConnections(PROBE_PLATFORM, ctx.signal).catch((error: unknown) => {
        if (
          error instanceof ApiError &&
          error.status !== undefined &&
          error.status < 500 &&
          error.status !== 401
        )
          return;
        throw error;
      });
      const where = ctx.simulator
        ? `the CloudM Migrate SIMULATOR at ${ctx.instanceUrl} (demo data, not a real tenant)`
        : `CloudM Migrate at ${ctx.instanceUrl}`;
      return {
        structured: { instanceUrl: ctx.instanceUrl, simulator: ctx.simulator, ...profile },
        text: profile
          ? `Signed in to ${where} as ${quoted(profile.userName)} <${plainOrQuoted(profile.email)}> (${plainOrQuoted(profile.role)}); it answered just now.`
          : `Using a supplied token for ${where}; it answered just now.`,
      };
    },
  }),
];
