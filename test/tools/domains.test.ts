/**
 * src/tools/domains.ts: get_domain_mapping and replace_domain_mapping (preview of added, removed and
 * changed rows; confirmation; naming bad rows), and the simulator's own check of the uploaded CSV.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DomainReplacementApi } from "../../src/api/cloudm/domains-api.js";
import { ValidationError } from "../../src/api/errors.js";
import {
  callTool,
  confirmWithToken,
  decline,
  type InProcess,
  startInProcess,
  structuredOf,
  textOf,
} from "../helpers/in-process.js";

// A fresh simulator per test: each asserts the whole stored mapping.
let env: InProcess;
beforeEach(async () => {
  env = await startInProcess({ argv: ["--toolsets", "all"], simulator: { clockSpeed: 0 } });
});
afterEach(() => env.close());

const demo = () => env.sim.demo!;

type Mapping = { sourceDomain: string; destinationDomain: string };

describe("domain mapping", () => {
  it("replaces a project's mapping after confirmation, previewing added, removed and changed rows", async () => {
    const client = await env.connect();
    const projectId = demo().projectId;
    const empty = await callTool(client, "get_domain_mapping", { projectId });
    expect(structuredOf<{ mappings: Mapping[] }>(empty)).toEqual({ projectId, mappings: [] });
    expect(textOf(empty)).toContain("No domain replacements");

    const first = [
      { sourceDomain: "contoso.example", destinationDomain: "fabrikam.example" },
      { sourceDomain: "Sales.Contoso.example", destinationDomain: "fabrikam.example" },
    ];
    const saved = await confirmWithToken(client, "replace_domain_mapping", { projectId, mappings: first });
    expect(structuredOf(saved)).toMatchObject({
      status: "done",
      mappingCount: 2,
      added: 2,
      removed: 0,
      changed: 0,
    });
    expect(env.sim.state.domainMappings.get(projectId)?.mappings).toEqual([
      { sourceDomain: "contoso.example", destinationDomain: "fabrikam.example" },
      { sourceDomain: "sales.contoso.example", destinationDomain: "fabrikam.example" },
    ]);

    const next = [
      { sourceDomain: "contoso.example", destinationDomain: "northwind.example" },
      { sourceDomain: "legacy.example", destinationDomain: "fabrikam.example" },
    ];
    const preview = structuredOf<{ status: string; preview: { details: Record<string, unknown> } }>(
      await callTool(client, "replace_domain_mapping", { projectId, mappings: next }),
    );
    expect(preview.status).toBe("confirmation_required");
    expect(preview.preview.details).toEqual({
      added: ["legacy.example -> fabrikam.example"],
      removed: ["sales.contoso.example -> fabrikam.example"],
      changed: ["contoso.example: fabrikam.example -> northwind.example"],
      unchanged: 0,
    });
    await confirmWithToken(client, "replace_domain_mapping", { projectId, mappings: next });
    const got = await callTool(client, "get_domain_mapping", { projectId });
    expect(structuredOf<{ mappings: Mapping[] }>(got).mappings).toEqual(next);
    expect(textOf(got)).toContain("contoso.example -> northwind.example");

    await confirmWithToken(client, "replace_domain_mapping", { projectId, mappings: [] });
    expect(env.sim.state.domainMappings.get(projectId)?.mappings).toEqual([]);
  });

  it("changes nothing when the replacement is declined", async () => {
    const projectId = demo().projectId;
    const mappings = [{ sourceDomain: "contoso.example", destinationDomain: "fabrikam.example" }];
    await confirmWithToken(await env.connect(), "replace_domain_mapping", { projectId, mappings });
    const human = await env.connect("human", () => decline());
    const result = await callTool(human, "replace_domain_mapping", { projectId, mappings: [] });
    expect(result.structuredContent).toMatchObject({ status: "declined" });
    expect(env.sim.state.domainMappings.get(projectId)?.mappings).toEqual(mappings);
  });

  it("does nothing when the mapping changed between the preview and the confirmed call", async () => {
    const client = await env.connect();
    const projectId = demo().projectId;
    const mappings = [{ sourceDomain: "contoso.example", destinationDomain: "fabrikam.example" }];
    const preview = await callTool(client, "replace_domain_mapping", { projectId, mappings });
    const token = (preview.structuredContent as { confirmationToken?: string }).confirmationToken;
    expect(token).toBeDefined();
    // Someone else saves a mapping after the preview was shown.
    const theirs = [{ sourceDomain: "legacy.example", destinationDomain: "northwind.example" }];
    await new DomainReplacementApi(env.cloudm).replaceMappings(projectId, theirs);
    const stale = await callTool(client, "replace_domain_mapping", {
      projectId,
      mappings,
      confirmationToken: token,
    });
    expect(textOf(stale)).toContain("The target changed since the preview");
    expect(textOf(stale)).toContain("legacy.example -> northwind.example");
    expect(env.sim.state.domainMappings.get(projectId)?.mappings).toEqual(theirs);
  });

  it("names the bad mapping in the tool and the bad row upstream", async () => {
    const client = await env.connect();
    const projectId = demo().projectId;
    const bad = await callTool(client, "replace_domain_mapping", {
      projectId,
      mappings: [
        { sourceDomain: "contoso.example", destinationDomain: "fabrikam.example" },
        { sourceDomain: "CONTOSO.example", destinationDomain: "user@fabrikam" },
      ],
    });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toContain("mappings[1].destinationDomain");
    expect(textOf(bad)).toContain(
      "mappings[1].sourceDomain: 'contoso.example' is already mapped by mappings[0]",
    );
    const itself = await callTool(client, "replace_domain_mapping", {
      projectId,
      mappings: [{ sourceDomain: "contoso.example", destinationDomain: "Contoso.example" }],
    });
    expect(textOf(itself)).toContain("mappings[0]: 'contoso.example' is mapped to itself");
    const missing = await callTool(client, "get_domain_mapping", { projectId: "not-a-project" });
    expect(missing.isError).toBe(true);
    expect(env.sim.state.domainMappings.size).toBe(0);

    // The simulator checks the CSV itself, naming each bad row (file line) and changing nothing.
    const api = new DomainReplacementApi(env.cloudm);
    const csv =
      "SourceDomain,DestinationDomain\na.example,b.example\nnot a domain,b.example\na.example,c.example\nx.example\n";
    const error = await api.uploadCsv(projectId, csv).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys((error as ValidationError).fieldErrors).sort()).toEqual(["row 3", "row 4", "row 5"]);
    expect((error as ValidationError).fieldErrors["row 4"]?.[0]).toContain("already mapped on row 2");
    const header = await api.uploadCsv(projectId, "Source,Destination\n").catch((e: unknown) => e);
    expect((header as ValidationError).fieldErrors).toHaveProperty("row 1");
    expect(env.sim.state.domainMappings.size).toBe(0);
  });
});
