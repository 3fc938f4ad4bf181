import { z } from "zod";

// zod compiles fast validators with `new Function` when schemas are built; the page's CSP
// forbids eval and reports even the probe. Imported first by main.ts so this runs before any
// schema module loads.
z.config({ jitless: true });
