/**
 * A small shop whose passes give every part of the dashboard something to show: notes left in
 * comments, an import cycle, a module importing a layer above it, a long parameter list, a
 * function worth planning tests for. Used by the page test and the VS Code panel test.
 */
export const DASHBOARD_FIXTURE: Record<string, string> = {
  "package.json": JSON.stringify({ name: "shop", version: "1.0.0", private: true, type: "module" }, null, 2),
  ".autocoder/config.json": JSON.stringify(
    { layers: [{ from: ["src/ui/**"], disallow: ["src/domain/pricing.ts"], reason: "the UI asks orders for totals" }] },
    null,
    2,
  ),
  "src/domain/types.ts": "export interface Line {\n  price: number;\n  quantity: number;\n}\n",
  "src/domain/orders.ts": [
    'import { lineTotal } from "./pricing";',
    'import type { Line } from "./types";',
    "",
    "// TODO: round totals per line, not per order",
    "export function orderTotal(lines: Line[]): number {",
    "  if (lines.length === 0) throw new Error(\"an order has at least one line\");",
    "  return lines.reduce((sum, line) => sum + lineTotal(line.price, line.quantity), 0);",
    "}",
    "",
  ].join("\n"),
  "src/domain/pricing.ts": [
    'import { orderTotal } from "./orders";',
    "",
    "// FIXME: discounts are applied twice when the order is empty",
    "export function lineTotal(price: number, quantity: number): number {",
    "  if (quantity < 0) throw new RangeError(\"quantity must not be negative\");",
    "  return price * quantity;",
    "}",
    "",
    "export function discounted(lines: { price: number; quantity: number }[], percent: number): number {",
    "  return orderTotal(lines) * (1 - percent / 100);",
    "}",
    "",
  ].join("\n"),
  "src/ui/checkout.ts": [
    'import { orderTotal } from "../domain/orders";',
    'import { lineTotal } from "../domain/pricing";',
    "",
    "export const shipping = (weight: number): number => lineTotal(weight, 2);",
    "",
    "export function checkoutLabel(name: string, street: string, city: string, zip: string, country: string, lines: { price: number; quantity: number }[]): string {",
    "  return `${name}, ${street}, ${zip} ${city}, ${country}: ${orderTotal(lines)}`;",
    "}",
    "",
  ].join("\n"),
  "src/index.ts": 'export { checkoutLabel } from "./ui/checkout";\n',
};
