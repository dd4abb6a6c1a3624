import { z } from "zod";

/**
 * A cluster name: a letter, then letters, digits, `-` or `_`; at most 64 characters. It is the
 * NATS cluster name of every member, so it is kept to characters safe in a config file.
 * @example "demo"
 */
export const ClusterNameSchema = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9_-]{0,63}$/,
    "a cluster name starts with a letter and has at most 64 letters, digits, '-' or '_'",
  );
export type ClusterName = z.infer<typeof ClusterNameSchema>;
