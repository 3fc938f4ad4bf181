// The palette titles are the issue's words exactly (the deploy commands' are the brief's): users and docs search for them.
export const COMMAND_TITLES = [
  "Autocoder: Start All Workers",
  "Autocoder: Stop All Workers",
  "Autocoder: Start Worker…",
  "Autocoder: Stop Worker…",
  "Autocoder: Open Dashboard",
  "Autocoder: Insert Generated Code",
  "Autocoder: Analyze Now",
  "Autocoder: Connect to Server…",
  "Autocoder: Set Server Token",
  "Autocoder: Show Output",
  "Autocoder: Deploy Workers to a Hugging Face Space…",
  "Autocoder: Deploy Dashboard to a Hugging Face Space…",
  "Autocoder: Set Hugging Face Token",
];
