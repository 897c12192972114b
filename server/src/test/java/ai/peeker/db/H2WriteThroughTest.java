package ai.peeker.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

  /**
   * What a {@code kill -9} leaves is the file as it is the moment the process dies: here a copy
   * taken right after each write, opened as H2 opens a file after a crash. With space in the file
   * to reuse (freed at once here: {@code RETENTION_TIME=0}), H2 puts some stores in a gap, where
   * nothing leads to them but the file header, and H2 writes that header pointing one store behind.
   * Every copy must still hold the row acknowledged just before it was taken.
   */
  @Test
  @Timeout(120)
  void the_last_acknowledged_write_is_found_after_a_crash_also_when_stored_in_reused_space()
      throws Exception {
    String url = H2Url.complete("jdbc:h2:file:" + dir.resolve("db") + ";RETENTION_TIME=0");
    List<Integer> lost = new ArrayList<>();
    try (Connection local = DriverManager.getConnection(url);
        Statement sql = local.createStatement()) {
      sql.execute("CREATE TABLE t (id INT PRIMARY KEY, pad VARCHAR(4000))");
      sql.execute("CREATE TABLE churn (id INT PRIMARY KEY, pad VARCHAR(4000))");
      H2WriteThrough.declare(sql);
      String pad = "x".repeat(3000);
      for (int i = 0; i < 120; i++) {
        // churn frees space in the file for later stores to reuse
        sql.execute("MERGE INTO churn VALUES (" + (i % 7) + ", '" + pad + i + "')");
        H2WriteThrough.call(sql);
        sql.execute("INSERT INTO t VALUES (" + i + ", '" + pad + "')");
        H2WriteThrough.call(sql);
        Path copy = dir.resolve("crash-" + i);
        Files.createDirectories(copy);
        Files.copy(dir.resolve("db.mv.db"), copy.resolve("db.mv.db"));
        try (Connection after =
                DriverManager.getConnection(H2Url.complete("jdbc:h2:file:" + copy.resolve("db")));
            Statement check = after.createStatement();
            ResultSet rs = check.executeQuery("SELECT COUNT(*) FROM t WHERE id = " + i)) {
          rs.next();
          if (rs.getInt(1) == 0) {
            lost.add(i);
          }
        }
      }
    }
    assertThat(lost).as("rows acknowledged and missing from a copy taken right after").isEmpty();
  }

  /** The single thread that writes H2's serialized stores to the file. */
  private static ThreadPoolExecutor fileWriter(FileStore<?> fileStore) throws Exception {
    Field field = FileStore.class.getDeclaredField("bufferSaveExecutor");
    field.setAccessible(true);
    return (ThreadPoolExecutor) field.get(fileStore);
  }
}
