package ai.peeker.domains;

import ai.peeker.api.ApiError;
import ai.peeker.api.ApiRouter;
import ai.peeker.api.Fields;
import ai.peeker.api.JsonBody;
import ai.peeker.api.Paging.PageRequest;
import ai.peeker.api.Principal;
import ai.peeker.api.Query;
import ai.peeker.common.WireValue;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /domains}: the partner's inventory and connected domains, and availability checks.
 *
 * <pre>POST /partner/v1/domains/availability {"domains":["acme-mail.com","team-acme.com"]}</pre>
 */
public final class DomainRoutes {
  public static final int MAX_AVAILABILITY_NAMES = 50;

  private final Domains domains;
  private final Availability availability;

  public DomainRoutes(Domains domains, Availability availability) {
    this.domains = domains;
    this.availability = availability;
  }

  public void register(ApiRouter api) {
    api.lookup("/domains/availability", this::availability);
    api.get("/domains", ctx -> list(ctx, api));
    api.get(
        "/domains/{id}",
        ctx -> ctx.json(Map.of("data", domains.get(Principal.scope(ctx), ctx.pathParam("id")))));
  }

  private void availability(Context ctx) {
    Fields body = JsonBody.object(ctx).allowOnly(Set.of("domains"));
    List<JsonNode> entries = body.requiredArray("domains", 1, MAX_AVAILABILITY_NAMES);
    List<String> names = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      String path = body.element("domains", i);
      String name = Fields.text(entries.get(i), path, 1000);
      if (name == null) {
        throw ApiError.invalid(path, "'" + path + "' must be a domain name");
      }
      names.add(name);
    }
    var rows = availability.check(Principal.scope(ctx).environment(), names);
    ctx.json(Map.of("data", Map.of("domains", rows)));
  }

  private void list(Context ctx, ApiRouter api) {
    Map<String, String> filters = new LinkedHashMap<>();
    Query.put(
        filters, "category", Query.oneOf(ctx, "category", WireValue.wires(DomainCategory.class)));
    Query.put(filters, "user_id", Query.id(ctx, "user_id", "usr_"));
    Query.put(filters, "user_email", Query.email(ctx, "user_email"));
    Query.put(
        filters,
        "usable_for",
        Query.oneOf(ctx, "usable_for", WireValue.wires(MailProviderKind.class)));
    Query.put(filters, "status", Query.oneOf(ctx, "status", WireValue.wires(DomainStatus.class)));
    PageRequest page = api.paging().request(ctx, "domains", filters);
    var slice =
        domains.list(
            Principal.scope(ctx),
            new Domains.ListFilter(
                WireValue.of(DomainCategory.class, filters.get("category")),
                filters.get("user_id"),
                filters.get("user_email"),
                WireValue.of(MailProviderKind.class, filters.get("usable_for")),
                WireValue.of(DomainStatus.class, filters.get("status"))),
            page.after(),
            page.perPage());
    ctx.json(api.paging().render(ctx, page, slice));
  }
}
