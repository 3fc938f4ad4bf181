import type { SessionState } from "./serverSession";

/** The row a data view shows first while the session is not connected, saying why; null while connected. */
export function sessionNote(state: SessionState): { label: string; description: string } | null {
  switch (state.kind) {
    case "connected":
      return null;
    case "connecting":
      return { label: "Connecting", description: state.url };
    case "starting-server":
      return { label: "Starting the local server", description: "" };
    case "disconnected":
      return { label: "Disconnected", description: state.reason };
    case "server-failed":
    case "idle":
      return { label: "Not running", description: state.reason };
  }
}
