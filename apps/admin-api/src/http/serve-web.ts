import { join } from "node:path";
import express, { type Express } from "express";

/**
 * Serves the built SPA: files as they are, and index.html for client-side routes.
 * Mounted after the API, so `/api/*` never falls back to the SPA.
 */
export function serveWeb(app: Express, webDist: string): void {
  const indexHtml = join(webDist, "index.html");
  app.use(
    express.static(webDist, {
      index: false,
      setHeaders(res, path) {
        // Vite's hashed assets never change; everything else must be revalidated.
        res.setHeader(
          "cache-control",
          path.includes("/assets/") ? "public, max-age=31536000, immutable" : "no-cache",
        );
      },
    }),
  );
  app.use((req, res, next) => {
    // A path with a file extension is a missing file, not a client route: 404, not index.html.
    const lastSegment = req.path.slice(req.path.lastIndexOf("/") + 1);
    if (
      (req.method !== "GET" && req.method !== "HEAD") ||
      lastSegment.includes(".") ||
      !req.accepts("html")
    ) {
      next();
      return;
    }
    res.setHeader("cache-control", "no-cache");
    res.sendFile(indexHtml, (error) => {
      if (error) next(error);
    });
  });
}
