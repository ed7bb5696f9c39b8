/** Who the server is signed in as, and where. */
import { z } from "zod";
import { defineTool } from "./define.js";

export const accountTools = [
  defineTool({
    name: "whoami",
    title: "Who am I",
    description: "Sign-in check: instance, user, role, simulator or real. Call first.",
    toolset: "account",
    endpoints: ["login"],
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
    handler: async (_args, ctx) => {
      const profile = await ctx.cloudm.profile(ctx.signal);
      const where = ctx.simulator
        ? `the CloudM Migrate SIMULATOR at ${ctx.instanceUrl} (demo data, not a real tenant)`
        : `CloudM Migrate at ${ctx.instanceUrl}`;
      return {
        structured: { instanceUrl: ctx.instanceUrl, simulator: ctx.simulator, ...profile },
        text: profile
          ? `Signed in to ${where} as ${profile.userName} <${profile.email}> (${profile.role}).`
          : `Using a supplied token for ${where}.`,
      };
    },
  }),
];
