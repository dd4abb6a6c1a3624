import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { startLiveFeed } from "./live-feed.js";

/** Keeps the live feed open while the calling component (the signed-in shell) is mounted. */
export function useLiveFeed(): void {
  const queryClient = useQueryClient();
  useEffect(() => startLiveFeed(queryClient), [queryClient]);
}
