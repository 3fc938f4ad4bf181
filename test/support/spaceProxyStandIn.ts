import { createServer, type IncomingMessage, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";

/**
 * A stand-in for a private Hugging Face Space's proxy in front of a real server: like the Hub's,
 * it admits a request only with the user's HF token in `X-HF-Authorization` (else 404, as for a
 * Space the caller cannot see), strips that header and passes everything else — the Autocoder
 * token in `Authorization` included — to the server behind it. Only WebSocket upgrades, which is
 * all the extension sends.
 */
export async function startSpaceProxy(target: string, hfToken: string): Promise<{ url: string; seen: IncomingMessage["headers"][]; close(): Promise<void> }> {
  const upstream = new URL(target);
  const seen: IncomingMessage["headers"][] = [];
  const server: Server = createServer((_req, res) => res.writeHead(404).end());
  server.on("upgrade", (req, socket, head) => {
    seen.push(req.headers);
    if (req.headers["x-hf-authorization"] !== `Bearer ${hfToken}`) {
      socket.end("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      return;
    }
    const lines = [`${req.method} ${req.url} HTTP/1.1`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      if (req.rawHeaders[i]!.toLowerCase() === "x-hf-authorization") continue;
      lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    }
    const back = connect(Number(upstream.port), upstream.hostname, () => {
      back.write(lines.join("\r\n") + "\r\n\r\n");
      if (head.length) back.write(head);
      back.pipe(socket).pipe(back);
    });
    back.on("error", () => socket.destroy());
    socket.on("error", () => back.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
