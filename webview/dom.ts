import { relativeTime } from "./relativeTime";

// Every view builds DOM with createElement, setAttribute and text nodes: whatever the server
// sends (file names, messages, evidence, errors) is shown as text and can never become markup.

export type Child = Node | string | null;

export function el(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  for (const child of children) if (child !== null) node.append(child);
  return node;
}

/** A timestamp whose relative text a one-second timer refreshes in place. */
export function time(iso: string | null, fallback = "—"): HTMLElement {
  if (iso === null) return el("span", {}, fallback);
  return el("time", { datetime: iso, title: iso, "data-time": iso }, relativeTime(iso, Date.now()));
}

export function refreshTimes(root: ParentNode): void {
  const now = Date.now();
  for (const node of root.querySelectorAll<HTMLElement>("[data-time]")) node.textContent = relativeTime(node.dataset.time!, now);
}
