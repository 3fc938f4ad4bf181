import * as http from "node:http";

/** An OSV record as the real database serves it (the fields the client reads, and then some). */
export interface OsvRecord {
  id: string;
  summary?: string;
  details?: string;
  aliases?: string[];
  database_specific?: { severity?: string };
  affected: { package: { name: string; ecosystem: string }; ranges: { type: string; events: Record<string, string>[] }[]; versions: string[] }[];
}

/**
 * A loopback stand-in for https://api.osv.dev speaking its documented contract: POST
 * /v1/querybatch answers ids (and `modified`) per query, in order, `{}` when nothing matches;
 * GET /v1/vulns/{id} answers the record. A record affects a version when its `versions` list
 * holds it, as OSV's PyPI records enumerate. `failWith` makes every request answer that status.
 */
export async function startOsvStandIn(records: OsvRecord[], options: { failWith?: number } = {}) {
  const requests: { method: string; url: string; body: unknown }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString();
      requests.push({ method: req.method!, url: req.url!, body: text ? JSON.parse(text) : null });
      res.setHeader("content-type", "application/json");
      const reply = (status: number, body: unknown) => {
        res.statusCode = status;
        res.end(JSON.stringify(body));
      };
      if (options.failWith) return reply(options.failWith, { code: 13, message: "internal error" });
      if (req.method === "POST" && req.url === "/v1/querybatch") {
        const { queries } = JSON.parse(text) as { queries: { package: { name: string; ecosystem: string }; version: string }[] };
        const lower = (s: string) => s.toLowerCase().replace(/[-_.]+/g, "-");
        const results = queries.map((q) => {
          const vulns = records
            .filter((r) => r.affected.some((a) => a.package.ecosystem === q.package.ecosystem && lower(a.package.name) === lower(q.package.name) && a.versions.includes(q.version)))
            .map((r) => ({ id: r.id, modified: "2026-01-01T00:00:00Z" }));
          return vulns.length ? { vulns } : {};
        });
        return reply(200, { results });
      }
      const m = /^\/v1\/vulns\/([^/?]+)$/.exec(req.url!);
      const record = m ? records.find((r) => r.id === decodeURIComponent(m[1]!)) : undefined;
      if (req.method === "GET" && record) return reply(200, { ...record, modified: "2026-01-01T00:00:00Z", schema_version: "1.6.0" });
      reply(404, { code: 5, message: "Bug not found." });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
