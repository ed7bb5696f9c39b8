/** schemas/read-domains.ts over CloudM's ReplacementValuesModel and our own mapping names. */
import { describe, expect, it } from "vitest";
import { readDomainMappings, readDomainsSaved } from "../../src/api/cloudm/schemas/index.js";

describe("readDomainMappings", () => {
  it("reads CloudM's ReplacementValuesModel, name to value", () => {
    expect(
      readDomainMappings({ values: [{ name: "contoso.example", value: "fabrikam.example" }], totalCount: 1 }),
    ).toEqual([{ sourceDomain: "contoso.example", destinationDomain: "fabrikam.example" }]);
  });

  it("reads our names, bare or in a page, and drops a row without both domains", () => {
    const rows = [
      { sourceDomain: "a.example", destinationDomain: "b.example" },
      { sourceDomain: "c.example" },
    ];
    expect(readDomainMappings(rows)).toEqual([{ sourceDomain: "a.example", destinationDomain: "b.example" }]);
    expect(readDomainMappings({ items: rows, totalCount: 2 })).toHaveLength(1);
    expect(readDomainMappings({ name: "a" })).toBeUndefined();
  });
});

describe("readDomainsSaved", () => {
  it("reads what an upload answered, and nothing from an answer that says nothing", () => {
    expect(readDomainsSaved({ projectId: "p", mappingCount: 2 })).toMatchObject({ mappingCount: 2 });
    expect(readDomainsSaved({ totalCount: 3 })?.mappingCount).toBe(3);
    expect(readDomainsSaved({})).toBeUndefined();
    expect(readDomainsSaved(null)).toBeUndefined();
  });
});
