package ai.peeker.common;

import java.util.function.Consumer;
import java.util.function.Function;

/** A field of a partial update: left alone, or set (possibly to null). */
public record Change<T>(boolean present, T value) {
  private static final Change<?> KEEP = new Change<>(false, null);

  @SuppressWarnings("unchecked")
  public static <T> Change<T> keep() {
    return (Change<T>) KEEP;
  }

  public static <T> Change<T> to(T value) {
    return new Change<>(true, value);
  }

  public void ifPresent(Consumer<T> action) {
    if (present) {
      action.accept(value);
    }
  }

  /** A kept field stays kept; a set value is mapped, a set null stays null. */
  public <R> Change<R> map(Function<T, R> f) {
    return present ? to(value == null ? null : f.apply(value)) : keep();
  }

  public T or(T current) {
    return present ? value : current;
  }
}
