package ai.peeker.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestServer;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Jobs exist exactly when the transaction that scheduled them commits. */
class TransactionalSchedulingTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.shared();
  }

  @Test
  void an_order_whose_transaction_rolls_back_leaves_no_job_and_no_workflow() {
    Tenant t = server.newTenant("Rollback");
    Jdbi jdbi = server.app().database().jdbi();
    String email = "rollback-" + System.nanoTime() + "@acme.com";

    // Placing the order joins the surrounding transaction, which then fails.
    String[] orderId = new String[1];
    assertThatThrownBy(
            () ->
                jdbi.useTransaction(
                    h -> {
                      orderId[0] =
                          SandboxOrders.place(
                                  server,
                                  t.sandbox(),
                                  SandboxOrders.custom(
                                      email,
                                      0,
                                      1,
                                      SandboxOrders.names("rollback", 1),
                                      java.util.List.of(SandboxOrders.sam())))
                              .id();
                      assertThat(
                              h.createQuery(
                                      "SELECT COUNT(*) FROM scheduled_tasks WHERE task_instance LIKE :p")
                                  .bind("p", orderId[0] + "/%")
                                  .mapTo(Long.class)
                                  .one())
                          .as("the job is staged inside the transaction")
                          .isEqualTo(1);
                      throw new IllegalStateException("the order's transaction fails");
                    }))
        .hasMessageContaining("fails");

    assertThat(orderId[0]).startsWith("ord_");
    assertThat(
            count(
                "SELECT COUNT(*) FROM scheduled_tasks WHERE task_instance LIKE '"
                    + orderId[0]
                    + "/%'"))
        .isZero();
    assertThat(count("SELECT COUNT(*) FROM orders WHERE id = '" + orderId[0] + "'")).isZero();
    assertThat(count("SELECT COUNT(*) FROM domain_workflows WHERE order_id = '" + orderId[0] + "'"))
        .isZero();
    t.api().get("/orders/" + orderId[0]).expectError(404, "not_found", null);
  }

  private static long count(String sql) {
    return server
        .app()
        .database()
        .jdbi()
        .withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }
}
