// A one-function CommonJS package whose discount(total, percent) has a type check, a cap and
// arithmetic: the implementation worker characterizes it, and its generated tests can pass or fail.
export const DISCOUNT_PACKAGE: Record<string, string> = {
  "package.json": '{ "name": "shop", "version": "1.0.0" }\n',
  "lib/price.js": [
    "function discount(total, percent) {",
    '  if (typeof total !== "number") throw new TypeError("total must be a number");',
    "  if (percent > 50) return null;",
    "  return Math.round(total * (100 - (percent || 0))) / 100;",
    "}",
    "module.exports = { discount };",
    "",
  ].join("\n"),
};
