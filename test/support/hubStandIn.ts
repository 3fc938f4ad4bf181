import { createHash, randomBytes } from "node:crypto";
import * as http from "node:http";
import type { Socket } from "node:net";

/**
 * A loopback stand-in for the Hugging Face Hub, speaking the HTTP contract that
 * `@huggingface/hub` uses (its src/lib/*.ts) and the Hub's Space endpoints that the Python
 * client calls. State lives in memory. Faults are injected per request: the socket cut
 * (unreachable), an error status for the next N requests (401, 429 with Retry-After, 5xx),
 * a commit applied whose reply is lost. Every request is logged with its body, and commit
 * bodies also with their files decoded from base64, so a test can search what was sent.
 */

export type RepoType = "model" | "dataset" | "space";

export interface StoredFile {
  content: Buffer;
  oid: string;
}

export interface HubCommit {
  oid: string;
  title: string;
  paths: string[];
}

export interface HubRepo {
  type: RepoType;
  id: string;
  private: boolean;
  sdk: string | null;
  files: Map<string, StoredFile>;
  commits: HubCommit[];
  secrets: Map<string, string>;
  variables: Map<string, { value: string; description: string | null }>;
  /** Space runtime stage: BUILDING after a commit, then RUNNING or BUILD_ERROR. */
  stage: string;
  /** Where a running Space answers. */
  host: string | null;
  buildLog: string[];
}

export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
  /** Date.now() when the request arrived. */
  at: number;
  body: string;
  /** For commits: every file's content as sent, decoded. */
  files: { path: string; content: string }[];
}

export interface HubStandInOptions {
  /** Token → user name. Tokens must start with `hf_`, as the client insists. */
  tokens: Record<string, string>;
  /** Organisations a user may write to, besides their own name. */
  orgs?: Record<string, string[]>;
  /** False: creating a Docker Space answers 402, as for accounts without a paid plan. */
  paidSpaces?: boolean;
  /** Organisations without a subscription: their Docker Spaces answer 402 even for a PRO user. */
  unpaidOrgs?: string[];
  /** Tree listings page after this many entries, with a Link header as the Hub does. */
  pageSize?: number;
  /**
   * Builds and runs a Space after each commit to it, as the Hub does: given its files,
   * secrets and variables, resolves with the URL it serves (its `host`) or rejects with the
   * build log. Without it a Space stays BUILDING until setStage.
   */
  runSpace?: (space: { id: string; files: Map<string, Buffer>; secrets: Map<string, string>; variables: Map<string, string> }) => Promise<{ host: string }>;
}

interface Fault {
  remaining: number;
  status: number;
  retryAfter: string | null;
  only: RegExp | null;
}

export async function startHubStandIn(options: HubStandInOptions) {
  const repos = new Map<string, HubRepo>();
  const requests: LoggedRequest[] = [];
  const faults: Fault[] = [];
  const lfsObjects = new Map<string, Buffer>();
  const sockets = new Set<Socket>();
  let unreachable = false;
  let loseCommitReplies = 0;
  const pageSize = options.pageSize ?? 1000;
  const key = (type: RepoType, id: string) => `${type}:${id}`;

  const server = http.createServer((req, res) => {
    if (unreachable) {
      req.socket.destroy();
      return;
    }
    // The Hub answers browsers from any origin (a static Space reads datasets from hf.space).
    res.setHeader("access-control-allow-origin", "*");
    res.setHeader("access-control-expose-headers", "link, content-range, etag, x-error-code, retry-after, x-linked-size");
    if (req.method === "OPTIONS") {
      res.writeHead(204, { "access-control-allow-methods": "GET, POST, PUT, DELETE", "access-control-allow-headers": "authorization, content-type, range", "access-control-max-age": "600" });
      res.end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url!, "http://stand-in");
      const entry: LoggedRequest = { method: req.method!, path: url.pathname + url.search, status: 0, at: Date.now(), body: body.toString("utf8"), files: [] };
      requests.push(entry);
      const reply = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        entry.status = status;
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(JSON.stringify(payload));
      };
      const fault = faults.find((f) => f.remaining > 0 && (!f.only || f.only.test(url.pathname)));
      if (fault) {
        fault.remaining--;
        return reply(fault.status, { error: faultMessage(fault.status) }, fault.retryAfter ? { "retry-after": fault.retryAfter } : {});
      }
      try {
        route(req.method!, url, req.headers, body, entry, reply, res);
      } catch (err) {
        reply(400, { error: (err as Error).message });
      }
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  function userOf(headers: http.IncomingHttpHeaders): string | null {
    const auth = headers.authorization ?? "";
    const m = /^Bearer (\S+)$/.exec(auth);
    return m ? (options.tokens[m[1]!] ?? null) : null;
  }

  function mayWrite(user: string, namespace: string): boolean {
    return user === namespace || (options.orgs?.[user] ?? []).includes(namespace);
  }

  function readable(repo: HubRepo, user: string | null): boolean {
    return !repo.private || (user !== null && mayWrite(user, repo.id.split("/")[0]!));
  }

  type Reply = (status: number, payload: unknown, headers?: Record<string, string>) => void;

  function route(method: string, url: URL, headers: http.IncomingHttpHeaders, body: Buffer, entry: LoggedRequest, reply: Reply, res: http.ServerResponse): void {
    const user = userOf(headers);
    const p = url.pathname;
    const unauthorized = () => reply(401, { error: "Invalid credentials in Authorization header" });
    const notFound = () => reply(404, { error: "Repository not found" }, { "x-error-code": "RepoNotFound" });

    if (method === "GET" && p === "/api/whoami-v2") {
      if (!user) return unauthorized();
      return reply(200, {
        type: "user",
        id: hashOf(user).slice(0, 24),
        name: user,
        fullname: user,
        email: `${user}@example.invalid`,
        emailVerified: true,
        isPro: options.paidSpaces ?? false,
        canPay: options.paidSpaces ?? false,
        orgs: (options.orgs?.[user] ?? []).map((name) => ({ type: "org", name, fullname: name, id: hashOf(name).slice(0, 24) })),
        auth: { type: "access_token", accessToken: { displayName: "stand-in", role: "write", createdAt: "2026-01-01T00:00:00.000Z" } },
      });
    }

    if (method === "POST" && p === "/api/repos/create") {
      if (!user) return unauthorized();
      const payload = JSON.parse(body.toString("utf8")) as { name: string; organization?: string; type?: RepoType; visibility?: string; private?: boolean; sdk?: string };
      const namespace = payload.organization ?? user;
      if (!mayWrite(user, namespace)) return reply(403, { error: `You don't have the rights to create a repo under the namespace "${namespace}"` });
      const type = payload.type ?? "model";
      const id = `${namespace}/${payload.name}`;
      if (repos.has(key(type, id))) return reply(409, { error: `You already created this ${type} repo`, url: repoUrl(type, id) });
      if (type === "space" && payload.sdk === "docker" && (options.paidSpaces === false || (options.unpaidOrgs ?? []).includes(namespace))) {
        return reply(402, { error: "Docker Spaces require a paid plan: upgrade to PRO or subscribe your organization" });
      }
      repos.set(key(type, id), {
        type,
        id,
        private: payload.visibility ? payload.visibility !== "public" : (payload.private ?? false),
        sdk: type === "space" ? (payload.sdk ?? "static") : null,
        files: new Map([[".gitattributes", fileOf(Buffer.from("*.parquet filter=lfs diff=lfs merge=lfs -text\n"))]]),
        commits: [{ oid: hashOf(`init ${id}`).slice(0, 40), title: "initial commit", paths: [".gitattributes"] }],
        secrets: new Map(),
        variables: new Map(),
        stage: type === "space" ? "NO_APP_FILE" : "",
        host: null,
        buildLog: [],
      });
      return reply(200, { url: repoUrl(type, id), name: id, id: hashOf(id).slice(0, 24) });
    }

    // /api/{type}s/{ns}/{name}[/rest]
    const api = /^\/api\/(models|datasets|spaces)\/([^/]+)\/([^/]+)(\/.*)?$/.exec(p);
    if (api) {
      const type = api[1]!.slice(0, -1) as RepoType;
      const id = `${decodeURIComponent(api[2]!)}/${decodeURIComponent(api[3]!)}`;
      const rest = api[4] ?? "";
      const repo = repos.get(key(type, id));
      if (!repo) return notFound();
      if (!readable(repo, user)) return user ? notFound() : unauthorized();
      const writer = user !== null && mayWrite(user, id.split("/")[0]!);

      if (method === "GET" && rest === "") {
        return reply(200, {
          _id: hashOf(id).slice(0, 24),
          id,
          private: repo.private,
          sha: repo.commits[repo.commits.length - 1]!.oid,
          likes: 0,
          ...(type === "space" ? { sdk: repo.sdk, runtime: runtimeOf(repo), subdomain: id.replace(/[/_.]/g, "-").toLowerCase(), host: repo.host } : {}),
        });
      }
      const preupload = /^\/preupload\/([^/]+)$/.exec(rest);
      if (method === "POST" && preupload) {
        if (!writer) return user ? reply(403, { error: "You don't have write access" }) : unauthorized();
        const payload = JSON.parse(body.toString("utf8")) as { files: { path: string; size: number; sample: string }[] };
        return reply(200, {
          files: payload.files.map((f) => ({ path: f.path, uploadMode: f.size > 10 * 1024 * 1024 ? "lfs" : "regular", shouldIgnore: false, oid: repo.files.get(f.path)?.oid })),
          commitOid: repo.commits[repo.commits.length - 1]!.oid,
        });
      }
      const commitPath = /^\/commit\/([^/]+)$/.exec(rest);
      if (method === "POST" && commitPath) {
        if (!writer) return user ? reply(403, { error: "You don't have write access" }) : unauthorized();
        const lines = body.toString("utf8").split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l) as { key: string; value: Record<string, unknown> });
        const header = lines.find((l) => l.key === "header")?.value as { summary?: string; parentCommit?: string } | undefined;
        if (!header?.summary) return reply(400, { error: "The commit header needs a summary" });
        const head = repo.commits[repo.commits.length - 1]!.oid;
        if (header.parentCommit && header.parentCommit !== head) return reply(412, { error: "A commit has happened since. Please refresh and try again." });
        const changes: { path: string; content: Buffer | null }[] = [];
        for (const line of lines) {
          if (line.key === "file") {
            const v = line.value as { path: string; content: string; encoding?: string };
            const content = v.encoding === "base64" ? Buffer.from(v.content, "base64") : Buffer.from(v.content, "utf8");
            entry.files.push({ path: v.path, content: content.toString("utf8") });
            changes.push({ path: v.path, content });
          } else if (line.key === "deletedFile") {
            changes.push({ path: (line.value as { path: string }).path, content: null });
          } else if (line.key === "lfsFile") {
            const v = line.value as { path: string; oid: string; size: number };
            const content = lfsObjects.get(v.oid);
            if (!content || content.length !== v.size) return reply(422, { error: `LFS object ${v.oid} of ${v.path} was not uploaded` });
            entry.files.push({ path: v.path, content: content.toString("utf8") });
            changes.push({ path: v.path, content });
          }
        }
        for (const c of changes) {
          if (c.content === null) repo.files.delete(c.path);
          else repo.files.set(c.path, fileOf(c.content));
        }
        const oid = hashOf(`${head} ${header.summary} ${repo.commits.length}`).slice(0, 40);
        repo.commits.push({ oid, title: header.summary, paths: changes.map((c) => c.path) });
        if (repo.type === "space") build(repo);
        if (loseCommitReplies > 0) {
          loseCommitReplies--;
          entry.status = -1;
          res.socket?.destroy();
          return;
        }
        return reply(200, { success: true, commitOid: oid, commitUrl: `${repoUrl(type, id)}/commit/${oid}`, hookOutput: "" });
      }
      const tree = /^\/tree\/([^/]+)(\/.*)?$/.exec(rest);
      if (method === "GET" && tree) {
        const prefix = tree[2] ? decodeURIComponent(tree[2].slice(1)).replace(/\/$/, "") : "";
        const recursive = url.searchParams.get("recursive") === "true";
        const entries = listTree(repo, prefix, recursive);
        if (entries === null) return reply(404, { error: `Entry not found: ${prefix}` }, { "x-error-code": "EntryNotFound" });
        const offset = Number(url.searchParams.get("cursor") ?? "0");
        const page = entries.slice(offset, offset + pageSize);
        const headers: Record<string, string> = {};
        if (offset + pageSize < entries.length) {
          const next = new URL(url.toString());
          next.searchParams.set("cursor", String(offset + pageSize));
          headers.link = `<http://${hostHeader}${next.pathname}${next.search}>; rel="next"`;
        }
        return reply(200, page, headers);
      }
      if (type === "space" && rest === "/runtime" && method === "GET") return reply(200, runtimeOf(repo));
      if (type === "space" && rest === "/logs/build" && method === "GET") {
        if (!writer) return user ? reply(403, { error: "You don't have write access" }) : unauthorized();
        // Server-sent events, one log line per event, as the Hub streams them.
        entry.status = 200;
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.end(repo.buildLog.map((line) => `data: ${JSON.stringify({ data: line + "\n", timestamp: "2026-01-01T00:00:00Z" })}\n\n`).join(""));
        return;
      }
      if (type === "space" && (rest === "/secrets" || rest === "/variables")) {
        if (!writer) return user ? reply(403, { error: "You don't have write access" }) : unauthorized();
        if (method === "POST") {
          const payload = JSON.parse(body.toString("utf8")) as { key?: string; value?: string; description?: string };
          if (!payload.key || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(payload.key)) return reply(400, { error: "Invalid key" });
          if (rest === "/secrets") repo.secrets.set(payload.key, payload.value ?? "");
          else repo.variables.set(payload.key, { value: payload.value ?? "", description: payload.description ?? null });
          return reply(200, {});
        }
        if (method === "DELETE") {
          const payload = JSON.parse(body.toString("utf8")) as { key: string };
          (rest === "/secrets" ? repo.secrets : repo.variables).delete(payload.key);
          return reply(200, {});
        }
        if (method === "GET" && rest === "/variables") {
          return reply(200, Object.fromEntries([...repo.variables].map(([k, v]) => [k, { value: v.value, description: v.description, updatedAt: "2026-01-01T00:00:00.000Z" }])));
        }
      }
      return reply(404, { error: `Not found: ${method} ${p}` });
    }

    // Git LFS batch API (basic transfer): /{datasets|spaces}/{ns}/{name}.git/info/lfs/objects/batch
    const lfs = /^\/(?:(datasets|spaces)\/)?([^/]+)\/([^/]+)\.git\/info\/lfs\/objects\/batch$/.exec(p);
    if (method === "POST" && lfs) {
      const type = (lfs[1] ? lfs[1].slice(0, -1) : "model") as RepoType;
      const repo = repos.get(key(type, `${lfs[2]}/${lfs[3]}`));
      if (!repo) return notFound();
      if (!user || !mayWrite(user, repo.id.split("/")[0]!)) return user ? reply(403, { message: "You don't have write access" }) : unauthorized();
      const payload = JSON.parse(body.toString("utf8")) as { operation: string; objects: { oid: string; size: number }[] };
      return reply(
        200,
        {
          transfer: "basic",
          objects: payload.objects.map((o) =>
            lfsObjects.has(o.oid)
              ? { oid: o.oid, size: o.size, authenticated: true }
              : { oid: o.oid, size: o.size, authenticated: true, actions: { upload: { href: `${base}/lfs-objects/${o.oid}`, expires_at: "2099-01-01T00:00:00Z" } } },
          ),
        },
        { "content-type": "application/vnd.git-lfs+json" },
      );
    }
    const lfsPut = /^\/lfs-objects\/([0-9a-f]{64})$/.exec(p);
    if (method === "PUT" && lfsPut) {
      const oid = createHash("sha256").update(body).digest("hex");
      if (oid !== lfsPut[1]) return reply(400, { error: "content does not match its sha256" });
      lfsObjects.set(oid, body);
      entry.files.push({ path: `lfs:${oid}`, content: body.toString("utf8") });
      return reply(200, {});
    }

    // /{datasets|spaces}/{ns}/{name}/resolve/{rev}/{path}, or /{ns}/{name}/resolve/… for models
    const resolve = /^\/(?:(datasets|spaces)\/)?([^/]+)\/([^/]+)\/(resolve|raw)\/([^/]+)\/(.+)$/.exec(p);
    if (method === "GET" && resolve) {
      const type = (resolve[1] ? resolve[1].slice(0, -1) : "model") as RepoType;
      const id = `${decodeURIComponent(resolve[2]!)}/${decodeURIComponent(resolve[3]!)}`;
      const repo = repos.get(key(type, id));
      if (!repo) return notFound();
      if (!readable(repo, user)) return user ? notFound() : unauthorized();
      const file = repo.files.get(decodeURIComponent(resolve[6]!));
      if (!file) return reply(404, { error: "Entry not found" }, { "x-error-code": "EntryNotFound" });
      const range = /^bytes=(\d+)-(\d*)$/.exec(String(headers.range ?? ""));
      const etag = `"${file.oid}"`;
      entry.status = range ? 206 : 200;
      if (range) {
        const start = Number(range[1]);
        const end = range[2] ? Math.min(Number(range[2]), file.content.length - 1) : file.content.length - 1;
        res.writeHead(206, { "content-type": "application/octet-stream", etag, "content-range": `bytes ${start}-${end}/${file.content.length}`, "accept-ranges": "bytes" });
        res.end(file.content.subarray(start, end + 1));
        return;
      }
      res.writeHead(200, { "content-type": "application/octet-stream", etag, "content-length": String(file.content.length) });
      res.end(file.content);
      return;
    }
    reply(404, { error: `Not found: ${method} ${p}` });
  }

  function build(repo: HubRepo): void {
    repo.stage = "BUILDING";
    repo.host = null;
    repo.buildLog = [`===== Build queued at ${new Date().toISOString()} =====`];
    if (repo.sdk === "static") {
      // A static Space is served as committed, from its own origin as on hf.space.
      repo.stage = "RUNNING";
      repo.host = `${staticBase}/${repo.id}`;
      return;
    }
    if (!options.runSpace) return;
    const files = new Map([...repo.files].map(([p, f]) => [p, f.content]));
    const variables = new Map([...repo.variables].map(([k, v]) => [k, v.value]));
    const commitCount = repo.commits.length;
    options.runSpace({ id: repo.id, files, secrets: new Map(repo.secrets), variables }).then(
      ({ host }) => {
        if (repo.commits.length !== commitCount) return;
        repo.buildLog.push("===== Application Startup =====");
        repo.stage = "RUNNING";
        repo.host = host;
      },
      (err: Error) => {
        if (repo.commits.length !== commitCount) return;
        repo.buildLog.push(...err.message.split("\n"));
        repo.stage = "BUILD_ERROR";
      },
    );
  }

  // Static Spaces answer from another origin, as *.hf.space does beside huggingface.co.
  const statics = http.createServer((req, res) => {
    const m = /^\/([^/]+)\/([^/]+)(?:\/(.*))?$/.exec(new URL(req.url!, "http://static").pathname);
    const repo = m ? repos.get(key("space", `${m[1]}/${m[2]}`)) : undefined;
    const file = repo?.sdk === "static" && repo.stage === "RUNNING" ? repo.files.get(m![3] || "index.html") : undefined;
    if (!file) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("404: this Space has no such file");
      return;
    }
    const ext = /\.([a-z]+)$/.exec(m![3] || "index.html")?.[1] ?? "";
    const types: Record<string, string> = { html: "text/html; charset=utf-8", js: "text/javascript", md: "text/markdown", css: "text/css" };
    res.writeHead(200, { "content-type": types[ext] ?? "application/octet-stream" });
    res.end(file.content);
  });
  await new Promise<void>((resolve) => statics.listen(0, "127.0.0.1", resolve));
  const staticBase = `http://127.0.0.1:${(statics.address() as { port: number }).port}`;

  let hostHeader = "";
  let base = "";
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  hostHeader = `127.0.0.1:${port}`;
  base = `http://${hostHeader}`;
  const repoUrl = (type: RepoType, id: string) => `${base}/${type === "model" ? "" : `${type}s/`}${id}`;

  return {
    url: base,
    repos,
    requests,
    repo: (type: RepoType, id: string) => repos.get(key(type, id)),
    /** Every byte the Hub was sent: request bodies and decoded commit files. */
    everythingSent: () => requests.map((r) => [r.body, ...r.files.map((f) => f.content)].join("\n")).join("\n"),
    /** Cuts every connection and every new one until set back. */
    setUnreachable(value: boolean) {
      unreachable = value;
      if (value) for (const s of sockets) s.destroy();
    },
    /** The next `count` requests (matching `only`, if given) answer `status`. */
    failNext(count: number, status: number, opts: { retryAfter?: string; only?: RegExp } = {}) {
      faults.push({ remaining: count, status, retryAfter: opts.retryAfter ?? null, only: opts.only ?? null });
    },
    /** The next `count` commits are applied, then their connection is cut before the reply. */
    loseCommitReplies(count: number) {
      loseCommitReplies += count;
    },
    setStage(type: RepoType, id: string, stage: string) {
      repos.get(key(type, id))!.stage = stage;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        statics.closeAllConnections();
        statics.close();
        server.close(() => resolve());
      }),
  };
}

export type HubStandIn = Awaited<ReturnType<typeof startHubStandIn>>;

/** A token the client accepts (it must start with `hf_`), random per test run. */
export function standInToken(): string {
  return `hf_${randomBytes(18).toString("hex")}`;
}

function fileOf(content: Buffer): StoredFile {
  // The Hub's oid for a regular file is its git blob sha1.
  const oid = createHash("sha1").update(`blob ${content.length}\0`).update(content).digest("hex");
  return { content, oid };
}

function hashOf(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}

function listTree(repo: HubRepo, prefix: string, recursive: boolean) {
  const under = prefix === "" ? "" : `${prefix}/`;
  const files = [...repo.files].filter(([path]) => path.startsWith(under));
  if (prefix !== "" && files.length === 0) return null;
  const out = new Map<string, { type: "file" | "directory"; oid: string; size: number; path: string }>();
  for (const [path, file] of files) {
    const rest = path.slice(under.length);
    const slash = rest.indexOf("/");
    if (slash === -1 || recursive) out.set(path, { type: "file", oid: file.oid, size: file.content.length, path });
    if (slash !== -1) {
      const parts = rest.split("/");
      for (let i = 1; i < (recursive ? parts.length : 2); i++) {
        const dir = under + parts.slice(0, i).join("/");
        if (!out.has(dir)) out.set(dir, { type: "directory", oid: hashOf(dir), size: 0, path: dir });
      }
    }
  }
  return [...out.values()].sort((a, b) => a.path.localeCompare(b.path));
}

function runtimeOf(repo: HubRepo) {
  return { stage: repo.stage, ...(repo.stage === "BUILD_ERROR" ? { errorMessage: "Build failed with exit code: 1" } : {}), hardware: { current: repo.stage === "RUNNING" ? "cpu-basic" : null, requested: "cpu-basic" }, storage: null, gcTimeout: 172800, replicas: { current: 1, requested: 1 } };
}

function faultMessage(status: number): string {
  if (status === 401) return "Invalid credentials in Authorization header";
  if (status === 429) return "You have exceeded our hourly quotas for action: commit. We invite you to retry later.";
  if (status >= 500) return "Internal Error - We're working hard to fix this as soon as possible!";
  return `Error ${status}`;
}
