import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  type ConsumerConfig,
  type JetStreamManager,
} from "@nats-io/jetstream";
import type { StartPosition } from "./channel-start.js";

/**
 * Makes sure the durable consumer `name` exists on `stream`, creating it from `start` on first
 * use. Once it exists the cluster owns its position: `start` is ignored, as for UM's named
 * subscribers.
 */
export async function ensureDurable(
  jsm: JetStreamManager,
  stream: string,
  subject: string,
  name: string,
  settings: { start: StartPosition; maxAckPending: number; ackWaitMs: number },
): Promise<void> {
  try {
    await jsm.consumers.info(stream, name);
    return;
  } catch (error) {
    if (!(error instanceof JetStreamApiError && error.code === JetStreamApiCodes.ConsumerNotFound))
      throw error;
  }
  const config: Partial<ConsumerConfig> = {
    durable_name: name,
    ack_policy: AckPolicy.Explicit,
    filter_subject: subject,
    max_ack_pending: settings.maxAckPending,
    ack_wait: settings.ackWaitMs * 1_000_000,
    ...deliverFrom(settings.start),
  };
  await jsm.consumers.add(stream, config);
}

function deliverFrom(start: StartPosition): Partial<ConsumerConfig> {
  if ("fromEid" in start)
    return { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: start.fromEid };
  if ("fromTime" in start)
    return {
      deliver_policy: DeliverPolicy.StartTime,
      opt_start_time: start.fromTime.toISOString(),
    };
  return { deliver_policy: DeliverPolicy.New };
}
