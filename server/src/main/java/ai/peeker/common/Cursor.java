package ai.peeker.common;

import java.time.Instant;

/** A keyset position in a newest-first list: the last row seen. */
public record Cursor(Instant createdAt, String id) {
  /**
   * The SQL condition "strictly after this cursor" for rows ordered by {@code created_at DESC, id
   * DESC}, binding {@code :afterAt} and {@code :afterId}. The leading {@code <=} is a plain range
   * both H2 and PostgreSQL use to seek into the {@code (…, created_at DESC, id DESC)} index, so a
   * deep page costs what page 1 costs.
   *
   * @param alias the table alias with its dot ({@code "o."}), or {@code ""}
   */
  public static String after(String alias) {
    return " AND "
        + alias
        + "created_at <= :afterAt AND ("
        + alias
        + "created_at < :afterAt OR "
        + alias
        + "id < :afterId)";
  }

  /**
   * {@code ORDER BY} for a tenant's list, newest first. It names the tenant columns (and the one
   * filtered column whose index serves the query, if any) first: the rows are equal on them, so the
   * order is the same, but H2 then reads its {@code (partner_id, environment, [column,] created_at
   * DESC, id DESC)} index in order and stops after one page instead of sorting them all. PostgreSQL
   * does either way.
   */
  public static String newestFirst(String alias, String indexedFilterColumn) {
    return " ORDER BY "
        + alias
        + "partner_id, "
        + alias
        + "environment, "
        + (indexedFilterColumn == null ? "" : alias + indexedFilterColumn + ", ")
        + alias
        + "created_at DESC, "
        + alias
        + "id DESC";
  }

  /**
   * {@code LIMIT n} written into the statement, not bound. A bound limit leaves PostgreSQL unable
   * to cost a generic plan (it assumes a tenth of the rows), so it plans the statement afresh on
   * every call: for page 1 of a list, planning took twice as long as running it. With the number
   * written in, the cached plan is costed for that many rows and kept, and on the request pool,
   * which always keeps it ({@code Database}), it is the plan a page wants. Pages come in a few
   * sizes, so the statements stay few.
   */
  public static String limit(int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("a limit of " + rows + " rows");
    }
    return " LIMIT " + rows;
  }
}
