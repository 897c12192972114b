package ai.peeker.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store H2 began on its own is still being written when {@code CHECKPOINT} returns; {@code
 * peeker_write_through()} returns only once it is in the file, also when called over the network
 * (the CLI beside a server).
 *
 * <p>The store is held half-way on purpose: the test occupies H2's file-writing thread, so what is
 * otherwise a window of microseconds stays open until the test lets go.
 */
class H2WriteThroughTest {
  @TempDir Path dir;

  @Test
  @Timeout(60)
  void checkpoint_returns_before_an_earlier_store_is_written_and_write_through_waits_for_it()
      throws Exception {
    String url = H2Url.complete("jdbc:h2:file:" + dir.resolve("db"));
    Server tcp = Server.createTcpServer("-tcpPort", "0", "-ifExists").start();
    try (Connection local = DriverManager.getConnection(url);
        Statement sql = local.createStatement()) {
      sql.execute("CREATE TABLE t (id INT PRIMARY KEY)");
      H2WriteThrough.declare(sql);
      sql.execute("CHECKPOINT"); // nothing unsaved but what comes next
      MVStore store =
          ((SessionLocal) local.unwrap(JdbcConnection.class).getSession())
              .getDatabase()
              .getStore()
              .getMvStore();
      CountDownLatch letGo = new CountDownLatch(1);
      Future<?> occupied =
          fileWriter(store.getFileStore()).submit(() -> letGo.await(30, TimeUnit.SECONDS));
      try {
        sql.execute("INSERT INTO t VALUES (1)");
        store.tryCommit(); // what H2's background writer does: hand the store to its threads
        long stored = store.getCurrentVersion();
        // serialized, and waiting for the occupied thread to be written
        await().atMost(Duration.ofSeconds(10)).until(() -> !store.hasUnsavedChanges());

        sql.execute("CHECKPOINT");
        assertThat(store.getFileStore().lastChunkVersion())
            .as("CHECKPOINT returned with the committed row not yet in the file")
            .isLessThan(stored);

        String remote = "jdbc:h2:" + tcp.getURL() + "/" + dir.resolve("db").toAbsolutePath();
        CompletableFuture<Void> writeThrough =
            CompletableFuture.runAsync(
                () -> {
                  try (Connection c = DriverManager.getConnection(H2Url.complete(remote));
                      Statement s = c.createStatement()) {
                    H2WriteThrough.call(s);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
        Thread.sleep(500);
        assertThat(writeThrough).as("returned before the store was written").isNotDone();

        letGo.countDown();
        occupied.get(20, TimeUnit.SECONDS);
        writeThrough.get(20, TimeUnit.SECONDS);
        assertThat(store.getFileStore().lastChunkVersion()).isGreaterThanOrEqualTo(stored);
      } finally {
        letGo.countDown();
      }
    } finally {
      tcp.stop();
    }
  }

  /** The single thread that writes H2's serialized stores to the file. */
  private static ThreadPoolExecutor fileWriter(FileStore<?> fileStore) throws Exception {
    Field field = FileStore.class.getDeclaredField("bufferSaveExecutor");
    field.setAccessible(true);
    return (ThreadPoolExecutor) field.get(fileStore);
  }
}
