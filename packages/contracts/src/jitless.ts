import { z } from "zod";

/*
 * Imported first by the console: turns off zod's JIT. Its probe (`new Function("")`) is an eval
 * that the console's Content-Security-Policy (no 'unsafe-eval') refuses and reports as a
 * violation, and its compiled parsers would be refused too. Schemas read this setting when they
 * are built, so it must run before any module that builds one.
 */
z.config({ jitless: true });
