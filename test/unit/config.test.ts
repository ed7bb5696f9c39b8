import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

function problemsOf(env: Record<string, string>, argv: string[] = []): string[] {
  try {
    loadConfig(env, argv);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("loadConfig", () => {
  it("names the setting to fix, every problem at once", () => {
    const problems = problemsOf({ CLOUDM_URL: "ftp://x", MIGRATE_MCP_LOG_LEVEL: "loud" });
    expect(problems.join("\n")).toMatch(/MIGRATE_MCP_LOG_LEVEL/);
    expect(problems.join("\n")).toMatch(/CLOUDM_URL 'ftp:\/\/x' is not an http\(s\) URL/);
    expect(problems.join("\n")).toMatch(/CLOUDM_PASSWORD/);
  });

  it("stops on an on/off setting that is neither, naming it, instead of taking it as off", () => {
    const problems = problemsOf({
      MIGRATE_MCP_DEMO: "1",
      MIGRATE_MCP_READ_ONLY: "banana",
      MIGRATE_MCP_STATELESS: "ja",
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^MIGRATE_MCP_READ_ONLY must be one of 1, true, yes, on, 0, false, no, off, got 'banana'$/,
        ),
        expect.stringMatching(/^MIGRATE_MCP_STATELESS must be one of .*got 'ja'$/),
      ]),
    );
    expect(loadConfig({ MIGRATE_MCP_DEMO: "yes", MIGRATE_MCP_READ_ONLY: "ON" }, []).readOnly).toBe(true);
    expect(loadConfig({ MIGRATE_MCP_DEMO: "1", MIGRATE_MCP_READ_ONLY: "0" }, []).readOnly).toBe(false);
  });

  it("stops on an unreadable MIGRATE_MCP_CONFIRM_SECRET_FILE instead of running without the shared secret", () => {
    const problems = problemsOf({
      MIGRATE_MCP_DEMO: "1",
      MIGRATE_MCP_CONFIRM_SECRET_FILE: "/nonexistent/confirm-secret",
    });
    expect(problems).toEqual([
      "MIGRATE_MCP_CONFIRM_SECRET_FILE points to '/nonexistent/confirm-secret', which cannot be read; fix the path or set MIGRATE_MCP_CONFIRM_SECRET instead",
    ]);
  });

  it("names MIGRATE_MCP_REDIS_URL when it is not a Redis URL, without echoing it", () => {
    const problems = problemsOf({ MIGRATE_MCP_DEMO: "1", MIGRATE_MCP_REDIS_URL: "http://:secret@/" });
    expect(problems).toEqual([
      expect.stringMatching(/^MIGRATE_MCP_REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/),
    ]);
    expect(problems.join()).not.toContain("secret");
  });

  it("treats an empty variable as unset, as launchers send unanswered settings", () => {
    const config = loadConfig(
      {
        CLOUDM_URL: "https://migrate.example.com",
        CLOUDM_EMAIL: "admin@example.com",
        CLOUDM_PASSWORD: "pw",
        MIGRATECLOUDS_API_KEY: "",
        MIGRATE_MCP_TOOLSETS: "",
        MIGRATE_MCP_READ_ONLY: "false",
      },
      [],
    );
    expect(config.migrateclouds).toBeUndefined();
    expect(config.readOnly).toBe(false);
    expect(config.toolsets.size).toBeGreaterThan(0);
    expect(problemsOf({ CLOUDM_URL: "", CLOUDM_EMAIL: "" })).toEqual([
      expect.stringMatching(/^No upstream configured/),
    ]);
  });

  it("reads the upstream answer cap in MiB, and refuses one that is not a positive number", () => {
    expect(loadConfig({ MIGRATE_MCP_DEMO: "1" }, []).maxResponseBytes).toBe(16 * 1024 * 1024);
    expect(
      loadConfig({ MIGRATE_MCP_DEMO: "1", MIGRATE_MCP_MAX_RESPONSE_MB: "64" }, []).maxResponseBytes,
    ).toBe(64 * 1024 * 1024);
    expect(problemsOf({ MIGRATE_MCP_DEMO: "1", MIGRATE_MCP_MAX_RESPONSE_MB: "lots" })).toEqual([
      "MIGRATE_MCP_MAX_RESPONSE_MB must be a positive number of MiB (default 16), got 'lots'",
    ]);
  });

  it("turns on the simulators with MIGRATE_MCP_DEMO as with --demo", () => {
    expect(loadConfig({ MIGRATE_MCP_DEMO: "true" }, []).mode).toBe("demo");
    expect(loadConfig({}, ["--demo"]).mode).toBe("demo");
    expect(problemsOf({ MIGRATE_MCP_DEMO: "false" })).toHaveLength(1);
  });

  it("takes every simulator profile by flag or variable, and names the choices for any other", () => {
    expect(loadConfig({ MIGRATE_MCP_DEMO: "1" }, []).simulatorProfile).toBe("full");
    expect(
      loadConfig({ MIGRATE_MCP_DEMO: "1", MIGRATE_MCP_SIMULATOR_PROFILE: "aspnet" }, []).simulatorProfile,
    ).toBe("aspnet");
    expect(loadConfig({}, ["--demo", "--simulator-profile", "guide"]).simulatorProfile).toBe("guide");
    expect(problemsOf({ MIGRATE_MCP_DEMO: "1" }, ["--simulator-profile", "rails"]).join("\n")).toMatch(
      /full, guide, aspnet/,
    );
  });
});
