// Fake credentials are assembled at run time, so no secret-shaped literal sits in the repository.
const rand = (n: number, alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") =>
  Array.from({ length: n }, (_, i) => alphabet[(i * 7 + 3) % alphabet.length]).join("");
/** Fake credentials in each format the security perspective knows. */
export const FAKE = {
  aws: "AKIA" + rand(16),
  github: "ghp" + "_" + rand(36, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789"),
  hf: "hf" + "_" + rand(34, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"),
  stripe: "sk" + "_live_" + rand(24, "abcdefghijklmnopqrstuvwxyzABCD0123"),
  google: "AIza" + rand(35, "abcdefghijklmnopqrstuvwxyzABCDEFGH0123456789_-"),
  slack: "xoxb" + "-" + rand(24, "0123456789abcdefghijklmn"),
  entropy: "Zq8" + rand(21, "aB3dE6gH9jK2mN5pQ8sT1vW4yZ7") + "!x",
  pem: ["-----BEGIN RSA PRIVATE", " KEY-----\nMIIEow" + rand(40, "abcdefABCDEF0123456789+/"), "\n-----END RSA PRIVATE", " KEY-----"].join(""),
};
