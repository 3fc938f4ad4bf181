import { createHash } from "node:crypto";

/** The id git (and the Hub's tree listing) gives a file's content: sha1 of `blob <size>\0<bytes>`. */
export function gitBlobId(text: string): string {
  const bytes = Buffer.from(text, "utf8");
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}
