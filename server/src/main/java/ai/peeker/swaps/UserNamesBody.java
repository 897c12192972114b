package ai.peeker.swaps;

import ai.peeker.api.ApiError;
import ai.peeker.api.FieldError;
import ai.peeker.api.Fields;
import ai.peeker.common.Change;
import ai.peeker.common.Ids;
import ai.peeker.orders.Order;
import java.util.List;

/**
 * A {@code POST /swaps/user_names} body: the domain and its new people, as v2 {@code personas} or
 * v1 {@code users} (1 to 10, each {@code first_name}, {@code last_name}, optional {@code
 * profile_picture_url}).
 *
 * <pre>{"domain_id":"dom_…","personas":[{"first_name":"Jordan","last_name":"Pham"}]}</pre>
 */
record UserNamesBody(String domainId, List<Person> personas, List<Person> users) {
  static final int MAX_PERSONAS = 10;

  UserNamesBody {
    domainId = Fields.required(Fields.text(domainId, "domain_id", 100), "domain_id");
    if (!Ids.looksLike("dom_", domainId)) {
      throw new FieldError("domain_id", "must be a domain id (dom_…)");
    }
    if (personas != null && users != null) {
      throw ApiError.invalid("users", "Send personas (v2) or users (v1), not both");
    }
    String field = users != null ? "users" : "personas";
    List<Person> people = users != null ? users : personas;
    if (people == null) {
      throw ApiError.invalid(
          "personas", "'personas' is required: 1 to 10 people the inboxes carry");
    }
    Fields.size(people, field, 1, MAX_PERSONAS);
  }

  List<Order.Persona> people() {
    return (users != null ? users : personas).stream().map(Person::persona).toList();
  }

  /** One person the domain's inboxes carry from now on. */
  record Person(String firstName, String lastName, Change<String> profilePictureUrl) {
    Person {
      firstName = Fields.required(Fields.text(firstName, "first_name", 100), "first_name");
      lastName = Fields.required(Fields.text(lastName, "last_name", 100), "last_name");
      profilePictureUrl =
          profilePictureUrl.map(url -> Fields.text(url, "profile_picture_url", 2048));
    }

    Order.Persona persona() {
      return new Order.Persona(firstName, lastName, profilePictureUrl.value());
    }
  }
}
