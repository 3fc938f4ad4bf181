import { strict as assert } from "node:assert";
import { PacedFanOut } from "../../server/http/pacedFanOut";

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe("paced fan-out of large messages", () => {
  it("writes at most about the budget per turn, every message to every chosen client, in order", async () => {
    const written: string[] = [];
    const perTurn: number[] = [];
    let thisTurn = 0;
    const fan = new PacedFanOut<string>((client, bytes) => {
      written.push(`${client}:${bytes.toString()}`);
      thisTurn += bytes.length;
    }, 10);
    const big = (tag: string) => Buffer.from(tag.padEnd(6, "."));
    fan.push(big("A"), ["x", "y", "z"]);
    fan.push(big("B"), ["x", "z"]);
    fan.push(Buffer.from("c"), ["y"]);
    assert.equal(written.length, 0, "nothing is written in the caller's turn");
    while (fan.waiting > 0) {
      await turn();
      perTurn.push(thisTurn);
      thisTurn = 0;
    }
    assert.deepEqual(written, ["x:A.....", "y:A.....", "z:A.....", "x:B.....", "z:B.....", "y:c"]);
    assert.ok(perTurn.every((n) => n <= 12), `a turn writes up to the budget, and at least one message (${perTurn.join(", ")})`);
    assert.ok(perTurn.filter((n) => n > 0).length >= 3, "the work is spread over turns");
  });

  it("lets work queued between its turns run before it finishes", async () => {
    const order: string[] = [];
    const fan = new PacedFanOut<number>((client) => order.push(`big to ${client}`), 1);
    fan.push(Buffer.alloc(100), [1, 2, 3]);
    setImmediate(() => order.push("summary"));
    while (fan.waiting > 0) await turn();
    assert.ok(order.indexOf("summary") > 0 && order.indexOf("summary") < order.length - 1, order.join(", "));
  });

  it("ignores a message for nobody and drops what waits when cleared", async () => {
    const written: number[] = [];
    const fan = new PacedFanOut<number>((client) => written.push(client), 1);
    fan.push(Buffer.from("x"), []);
    assert.equal(fan.waiting, 0);
    fan.push(Buffer.from("x"), [1, 2]);
    fan.clear();
    await turn();
    await turn();
    assert.deepEqual(written, []);
  });
});
