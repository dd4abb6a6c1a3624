/*
 * One small class per failure mode, each with `cause`, so an application switches on the class
 * (`error instanceof PublishTimeoutError`) and never on message text.
 */

/** The base of every error the SDK throws. */
export class ClientError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ClientError";
  }
}

/** An RNAME list that cannot be used: empty, an unknown protocol, a bad host or port. */
export class RnameError extends ClientError {
  constructor(
    message: string,
    /** The offending entry, or the whole list when the list itself is wrong. */
    readonly rname: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "RnameError";
  }
}

/** The session was closed (by `close()`, by `tryAgain` returning false, or out of attempts). */
export class SessionClosedError extends ClientError {
  constructor(message = "the session is closed", options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SessionClosedError";
  }
}

/** No realm of the RNAME list could be reached before the session gave up. */
export class NoRealmAvailableError extends SessionClosedError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "NoRealmAvailableError";
  }
}

/**
 * A publish was not acknowledged within `publishTimeoutMs` across all its attempts. The event
 * may still have been stored: publishing again with the same `eventId` within the dedupe window
 * (2 min) stores it at most once.
 */
export class PublishTimeoutError extends ClientError {
  constructor(
    message: string,
    readonly eventId: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "PublishTimeoutError";
  }
}

/** The cluster refused an event for good (no such channel, too large, capacity reached, …). */
export class PublishRejectedError extends ClientError {
  constructor(
    message: string,
    readonly eventId: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "PublishRejectedError";
  }
}

/** A subscription handler threw: the subscription stopped at the event before it. */
export class HandlerError extends ClientError {
  constructor(
    message: string,
    /** The EID of the event the handler failed on; it was not counted as handled. */
    readonly eid: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "HandlerError";
  }
}

/** A channel or queue name the cluster does not know, or that breaks UM's naming rules. */
export class StoreNotFoundError extends ClientError {
  constructor(
    message: string,
    readonly store: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "StoreNotFoundError";
  }
}

/**
 * The session's application credential may not do this with this channel or queue (the realm
 * refused it: publish, subscribe or consume). A kind of {@link StoreNotFoundError}, so code that
 * stops on a missing store stops on a forbidden one too; no retry changes the answer.
 */
export class PermissionDeniedError extends StoreNotFoundError {
  constructor(
    message: string,
    store: string,
    readonly operation: "publish" | "read",
    options?: { cause?: unknown },
  ) {
    super(message, store, options);
    this.name = "PermissionDeniedError";
  }
}

/** An acknowledgement (durable or queue event) was not confirmed by the cluster. */
export class AckError extends ClientError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "AckError";
  }
}
