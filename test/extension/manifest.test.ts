import { strict as assert } from "node:assert";
import manifest from "../../package.json";
import { COMMAND_TITLES as TITLES } from "../support/commandTitles";

describe("extension manifest (package.json)", () => {
  it("contributes the palette commands with the exact titles; the views' actions stay out of the palette", () => {
    const hidden = new Set(manifest.contributes.menus.commandPalette.filter((e) => e.when === "false").map((e) => e.command));
    const palette = manifest.contributes.commands.filter((c) => !hidden.has(c.command));
    assert.deepEqual(palette.map((c) => c.title).sort(), [...TITLES].sort());
    for (const c of manifest.contributes.commands) assert.match(c.command, /^autocoder\.[a-zA-Z]+$/);
    // An action hidden from the palette is reachable only from a view: it must be in one.
    const inViews = new Set(manifest.contributes.menus["view/item/context"].map((e) => e.command));
    for (const id of hidden) assert.ok(inViews.has(id), `${id} is hidden from the palette and in no view`);
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
