import { HubApiError } from "@huggingface/hub";
import type { HubAccess } from "./hubSession";
import { describeHubError } from "./hubSession";

// The Space endpoints @huggingface/hub does not wrap (secrets, variables, runtime, build
// logs), called as the Hub documents them and as huggingface_hub calls them.

async function call(access: HubAccess, method: string, path: string, body?: unknown): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(`${access.hubUrl}${path}`, {
      method,
      headers: { ...(access.token ? { authorization: `Bearer ${access.token}` } : {}), ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (err) {
    throw new Error(describeHubError(err, access.hubUrl));
  }
  if (!res.ok) {
    const text = await res.text();
    let message = text;
    try {
      const json = JSON.parse(text) as { error?: string; message?: string };
      message = json.error ?? json.message ?? text;
    } catch {
      // not JSON: the text is the message
    }
    // Described by the caller, which knows what it was doing; the status tells 401 from 402.
    throw new HubApiError(res.url, res.status, undefined, message);
  }
  return res;
}

export async function setSpaceSecret(access: HubAccess, space: string, key: string, value: string): Promise<void> {
  await call(access, "POST", `/api/spaces/${space}/secrets`, { key, value });
}

export async function setSpaceVariable(access: HubAccess, space: string, key: string, value: string): Promise<void> {
  await call(access, "POST", `/api/spaces/${space}/variables`, { key, value });
}

export async function spaceStage(access: HubAccess, space: string): Promise<{ stage: string; errorMessage: string | null }> {
  const json = (await (await call(access, "GET", `/api/spaces/${space}/runtime`)).json()) as { stage: string; errorMessage?: string };
  return { stage: json.stage, errorMessage: json.errorMessage ?? null };
}

/** Where the Space answers: the Hub's `host`, or the subdomain rule (`owner-name.hf.space`). */
export async function spaceHost(access: HubAccess, space: string): Promise<string> {
  const json = (await (await call(access, "GET", `/api/spaces/${space}`)).json()) as { host?: string | null; subdomain?: string };
  if (json.host) return json.host.replace(/\/+$/, "");
  return `https://${json.subdomain ?? space.replace(/[/_.]/g, "-").toLowerCase()}.hf.space`;
}

/** The last lines of the build log (a server-sent event stream the Hub may keep open: read briefly). */
export async function buildLogTail(access: HubAccess, space: string, lines = 20, readMs = 5000): Promise<string[]> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), readMs);
  const out: string[] = [];
  try {
    const res = await fetch(`${access.hubUrl}/api/spaces/${space}/logs/build`, { headers: access.token ? { authorization: `Bearer ${access.token}` } : {}, signal: abort.signal });
    if (!res.ok || !res.body) return [`(the build log could not be read: ${res.status})`];
    const decoder = new TextDecoder();
    let buffered = "";
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffered += decoder.decode(chunk, { stream: true });
      const events = buffered.split("\n\n");
      buffered = events.pop() ?? "";
      for (const event of events) {
        const data = /^data: (.*)$/m.exec(event)?.[1];
        if (!data) continue;
        try {
          out.push(String((JSON.parse(data) as { data?: string }).data ?? "").replace(/\n$/, ""));
        } catch {
          out.push(data);
        }
      }
    }
  } catch (err) {
    if ((err as Error).name !== "AbortError") out.push(`(the build log could not be read: ${(err as Error).message})`);
  } finally {
    clearTimeout(timer);
  }
  return out.slice(-lines);
}
