package ai.peeker.common;

import java.util.List;

/**
 * What a store returns for one page: at most {@code perPage} rows and the cursor of the last one
 * when more rows follow (stores fetch one extra row to know).
 */
public record PageSlice<T>(List<T> rows, Cursor next) {
  public static <T> PageSlice<T> of(
      List<T> fetched, int perPage, java.util.function.Function<T, Cursor> cursorOf) {
    if (fetched.size() <= perPage) {
      return new PageSlice<>(fetched, null);
    }
    List<T> rows = List.copyOf(fetched.subList(0, perPage));
    return new PageSlice<>(rows, cursorOf.apply(rows.get(perPage - 1)));
  }
}
