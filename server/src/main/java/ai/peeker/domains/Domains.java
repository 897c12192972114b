package ai.peeker.domains;

import ai.peeker.api.ApiError;
import ai.peeker.common.Cursor;
import ai.peeker.common.Ids;
import ai.peeker.common.PageSlice;
import ai.peeker.partners.Scope;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** A partner's domains as it sees them: inventory and connected, listed and read. */
public final class Domains {
  private final Jdbi jdbi;

  public Domains(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Filters of {@code GET /domains}; null means any. */
  public record ListFilter(
      DomainCategory category,
      String userId,
      String userEmail,
      MailProviderKind usableFor,
      DomainStatus status) {}

  public PageSlice<Domain> list(Scope scope, ListFilter f, Cursor after, int perPage) {
    var filter =
        new DomainStore.Filter(
            f.category(),
            f.userId(),
            f.userEmail() == null ? null : f.userEmail().strip().toLowerCase(Locale.ROOT),
            f.usableFor(),
            f.status());
    return PageSlice.of(
        jdbi.withHandle(h -> DomainStore.list(h, scope, filter, after, perPage + 1)),
        perPage,
        d -> new Cursor(d.createdAt(), d.id()));
  }

  public Domain get(Scope scope, String id) {
    if (!Ids.looksLike("dom_", id)) {
      throw ApiError.notFound("Domain");
    }
    return jdbi.withHandle(h -> DomainStore.find(h, scope, id))
        .orElseThrow(() -> ApiError.notFound("Domain"));
  }

  /** The tenant's domain in the caller's transaction. */
  public java.util.Optional<Domain> find(Handle h, Scope scope, String id) {
    if (!Ids.looksLike("dom_", id)) {
      return java.util.Optional.empty();
    }
    return DomainStore.find(h, scope, id);
  }

  /** This tenant's rows for any of {@code names} (normalised), by name. */
  public Map<String, Domain> byName(Handle h, Scope scope, Collection<String> names) {
    if (names.isEmpty()) {
      return Map.of();
    }
    return DomainStore.byName(h, scope, List.copyOf(names)).stream()
        .collect(Collectors.toMap(Domain::domain, Function.identity()));
  }
}
