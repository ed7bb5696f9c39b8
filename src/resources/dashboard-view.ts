/**
 * The dashboard's MCP Apps view as a `ui://` resource (text/html;profile=mcp-app). Its script is built
 * by `npm run build` to build/apps/dashboard.js; it is read once and kept. The view loads nothing from
 * anywhere: its CSP lists no domain.
 */
import { readFile } from "node:fs/promises";
import { registerAppResource, RESOURCE_MIME_TYPE } from "@modelcontextprotocol/ext-apps/server";
import type { McpServer } from "@modelcontextprotocol/server";
import { dashboardPageHtml } from "../views/dashboard-page.js";
import { URIS } from "../views/uris.js";

/** Beside the bundled server (build/), or from the sources and dist/ at the repository's root. */
const SCRIPT_PLACES = ["./apps/dashboard.js", "../../build/apps/dashboard.js"];

let page: Promise<string> | undefined;

async function builtScript(): Promise<string> {
  for (const place of SCRIPT_PLACES) {
    try {
      return await readFile(new URL(place, import.meta.url), "utf8");
    } catch {
      // Not in this place: try the next.
    }
  }
  throw new Error("The dashboard view's script is not built (build/apps/dashboard.js): run npm run build.");
}

function dashboardPage(): Promise<string> {
  page ??= builtScript()
    .then(dashboardPageHtml)
    .catch((error: unknown) => {
      page = undefined;
      throw error;
    });
  return page;
}

const ui = { csp: { connectDomains: [], resourceDomains: [], frameDomains: [] }, prefersBorder: true };

export function registerDashboardView(server: McpServer): void {
  registerAppResource(
    server,
    "dashboard",
    URIS.dashboardView,
    {
      title: "Migration dashboard (view)",
      description: "The live dashboard that show_migration_dashboard opens in hosts that render MCP Apps",
      _meta: { ui },
    },
    async () => ({
      contents: [
        { uri: URIS.dashboardView, mimeType: RESOURCE_MIME_TYPE, text: await dashboardPage(), _meta: { ui } },
      ],
    }),
  );
}
