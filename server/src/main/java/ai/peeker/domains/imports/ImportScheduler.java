package ai.peeker.domains.imports;

import java.time.Instant;
import org.jdbi.v3.core.Handle;

/**
 * Schedules an import's durable check job inside the caller's transaction (the provisioning package
 * implements it with the job runner, which then calls {@link Imports#run}).
 */
public interface ImportScheduler {
  void schedule(Handle h, String importId, Instant at);
}
