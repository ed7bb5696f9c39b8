/**
 * src/tools/domains.ts: get_domain_mapping and replace_domain_mapping (preview of added, removed and
 * changed rows; confirmation; naming bad rows), and the simulator's own check of the uploaded CSV.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DomainReplacementApi } from "../../src/api/cloudm/domains-api.js";
import { ValidationError } from "../../src/api/errors.js";
import { startEdgeProxy } from "../helpers/edge-proxy.js";
import {
  callTool,
  confirmWithToken,
  decline,
  type InProcess,
  startInProcess,
  structuredOf,
  textOf,
} from "../helpers/in-process.js";
import { answerNextWithoutBody } from "../helpers/cloudm.js";

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

describe("domain mapping saves the instance answered 2xx without a body", () => {
  const mappings = [
    { sourceDomain: "contoso.example", destinationDomain: "fabrikam.example" },
    { sourceDomain: "legacy.example", destinationDomain: "fabrikam.example" },
  ];

  it("replace_domain_mapping on a 204: saved, the count as read back", async () => {
    const client = await env.connect();
    const projectId = demo().projectId;
    answerNextWithoutBody(env.sim, "POST", "/api/DomainReplacement/upload", 204);
    const saved = await confirmWithToken(client, "replace_domain_mapping", { projectId, mappings });
    expect(structuredOf(saved)).toMatchObject({ status: "done", mappingCount: 2, added: 2 });
    expect(structuredOf(saved)).not.toHaveProperty("notApplied");
    expect(textOf(saved)).toContain("Saved 2 domain replacement(s): 2 added, 0 removed, 0 changed.");
    expect(env.sim.state.domainMappings.get(projectId)?.mappings).toEqual(mappings);
  });

  it("says which rows an instance that kept only part of the mapping did not save", async () => {
    // An instance that stops at the first data row of the CSV it was sent.
    const partial = await startInProcess({
      argv: ["--toolsets", "all"],
      simulator: { clockSpeed: 0 },
      edge: (url) =>
        startEdgeProxy(url, [
          {
            method: "POST",
            pathPrefix: "/api/DomainReplacement/upload",
            rewriteBody: (body) => {
              const sent = body as { projectId: string; csv: string };
              return { ...sent, csv: `${sent.csv.split("\n").slice(0, 2).join("\n")}\n` };
            },
          },
        ]),
    });
    try {
      const client = await partial.connect();
      const projectId = partial.sim.demo!.projectId;
      const saved = await confirmWithToken(client, "replace_domain_mapping", { projectId, mappings });
      expect(structuredOf(saved)).toMatchObject({
        status: "done",
        mappingCount: 1,
        notApplied: [
          { setting: "legacy.example -> fabrikam.example", asked: "saved", instanceHas: "absent" },
        ],
      });
      expect(textOf(saved)).toContain(
        'Not applied (read back): legacy.example -> fabrikam.example (asked "saved", it has "absent").',
      );
    } finally {
      await partial.close();
    }
  });
});
