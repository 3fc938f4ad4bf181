import { strict as assert } from "node:assert";
import manifest from "../../package.json";
import { COMMAND_TITLES as TITLES } from "../support/commandTitles";

describe("extension manifest (package.json)", () => {
  it("contributes the ten commands with the exact palette titles", () => {
    assert.deepEqual(manifest.contributes.commands.map((c) => c.title).sort(), [...TITLES].sort());
    for (const c of manifest.contributes.commands) assert.match(c.command, /^autocoder\.[a-zA-Z]+$/);
  });

  it("has an Autocoder activity-bar container holding the four views", () => {
    const [container] = manifest.contributes.viewsContainers.activitybar;
    assert.equal(container!.title, "Autocoder");
    const views = (manifest.contributes.views as Record<string, { name: string }[]>)[container!.id]!;
    assert.deepEqual(views.map((v) => v.name), ["Workers", "Findings", "Test Plans", "Implementations"]);
  });

  it("declares every autocoder.* setting with a type, a default and a description", () => {
    const properties = Object.entries(manifest.contributes.configuration.properties) as [string, Record<string, unknown>][];
    assert.ok(properties.length > 0);
    for (const [key, p] of properties) {
      assert.match(key, /^autocoder\./);
      assert.ok(typeof p.type === "string", `${key} has a type`);
      assert.ok("default" in p, `${key} has a default`);
      assert.equal(typeof p.default, p.type === "number" ? "number" : p.type, `${key}'s default matches its type`);
      assert.ok(typeof (p.description ?? p.markdownDescription) === "string", `${key} has a description`);
    }
  });

  it("targets a VS Code no newer than code-server's (1.139), so the end-to-end tests can install it", () => {
    const match = /^\^?(\d+)\.(\d+)\.\d+$/.exec(manifest.engines.vscode);
    assert.ok(match, manifest.engines.vscode);
    assert.ok(Number(match[1]) === 1 && Number(match[2]) <= 139);
    assert.equal(manifest.main, "dist/extension.js");
  });

  it("only uses menu commands that it contributes", () => {
    const ids = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const entries of Object.values(manifest.contributes.menus)) for (const e of entries) assert.ok(ids.has(e.command), e.command);
  });
});
