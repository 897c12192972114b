package ai.peeker.common;

/**
 * How busy the node's HTTP side is at this moment: background work gives way to the requests while
 * they keep every core busy.
 */
@FunctionalInterface
public interface Foreground {
  /** HTTP requests this node has accepted and not yet answered. */
  long requestsInFlight();
}
