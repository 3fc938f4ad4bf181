import * as http from "node:http";
import { gunzipSync } from "node:zlib";

/**
 * A loopback stand-in for the npm registry, speaking the contract npm audit uses: a gzipped
 * POST of { name: [versions] } to /-/npm/v1/security/advisories/bulk answered with advisories
 * by name, then a GET of each package's packument. The real npm client is what talks to it.
 */
export async function startRegistryStandIn(advisories: Record<string, object[]>, versions: Record<string, string[]>) {
  const requests: { method: string; url: string; body: unknown }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let body = Buffer.concat(chunks);
      if (req.headers["content-encoding"] === "gzip") body = gunzipSync(body);
      requests.push({ method: req.method!, url: req.url!, body: body.length ? JSON.parse(body.toString()) : null });
      res.setHeader("content-type", "application/json");
      if (req.method === "POST" && req.url!.startsWith("/-/npm/v1/security/advisories/bulk")) {
        const asked = JSON.parse(body.toString()) as Record<string, string[]>;
        res.end(JSON.stringify(Object.fromEntries(Object.keys(asked).filter((n) => advisories[n]).map((n) => [n, advisories[n]]))));
        return;
      }
      const name = decodeURIComponent(req.url!.slice(1));
      const list = versions[name];
      if (!list) {
        res.statusCode = 404;
        res.end(JSON.stringify({ error: "Not found" }));
        return;
      }
      res.end(JSON.stringify({ name, "dist-tags": { latest: list[list.length - 1] }, versions: Object.fromEntries(list.map((v) => [v, { name, version: v }])) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/`, requests, close: () => new Promise<void>((r) => server.close(() => r())) };
}
