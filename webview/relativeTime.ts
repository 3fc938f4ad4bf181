/** Pure: "12 s ago", "3 min ago", "in 40 s". */
export function relativeTime(iso: string, now: number): string {
  const diff = Math.round((now - Date.parse(iso)) / 1000);
  const abs = Math.abs(diff);
  const text = abs < 60 ? `${abs} s` : abs < 3600 ? `${Math.round(abs / 60)} min` : abs < 86_400 ? `${Math.round(abs / 3600)} h` : `${Math.round(abs / 86_400)} d`;
  return diff >= 0 ? `${text} ago` : `in ${text}`;
}
