package ai.peeker.common;

/**
 * How busy the node's HTTP side is at this moment: background work gives way to the requests while
 * they keep every core busy.
 */
@FunctionalInterface
public interface Foreground {
  /** Never busy: nothing to give way to (commands, tests of background work alone). */
  Foreground IDLE = () -> 0;

  /** HTTP requests this node has accepted and not yet answered. */
  long requestsInFlight();
}
