/**
 * The headers a remote server gets besides its own token: a private Hugging Face Space's proxy
 * admits a request only with the user's HF token in `X-HF-Authorization` (it reads and strips
 * that header; `Authorization` stays the Autocoder server's).
 */
export function remoteHeaders(hfToken: string | null): Record<string, string> | undefined {
  return hfToken ? { "X-HF-Authorization": `Bearer ${hfToken}` } : undefined;
}
