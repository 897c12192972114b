package ai.peeker.provisioning;

import ai.peeker.orders.Order;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The inboxes a domain carries, named after the order's personas. Deterministic: a retried step
 * computes the same addresses, so creating them again changes nothing. Personas rotate over the
 * domain's inboxes starting at the domain's first persona; when a persona comes back on the same
 * domain it gets the next free form of its name ({@code sam}, {@code sam.lee}, {@code samlee}…).
 */
record InboxPlan(String domain, List<Inbox> inboxes) {
  /** One inbox and the index of the persona it carries. */
  record Inbox(String localPart, int personaIndex, Order.Persona persona) {
    String address(String domain) {
      return localPart + "@" + domain;
    }

    MailProvider.Mailbox mailbox(String domain) {
      return new MailProvider.Mailbox(address(domain), persona.firstName(), persona.lastName());
    }
  }

  static InboxPlan of(String domain, List<Order.Persona> personas, int firstPersona, int count) {
    Set<String> used = new LinkedHashSet<>();
    List<Inbox> inboxes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int index = (firstPersona + i) % personas.size();
      Order.Persona persona = personas.get(index);
      String local =
          localParts(persona).stream().filter(c -> !used.contains(c)).findFirst().orElseThrow();
      used.add(local);
      inboxes.add(new Inbox(local, index, persona));
    }
    return new InboxPlan(domain, List.copyOf(inboxes));
  }

  /** The forms a persona's mailbox name may take, preferred first; endless numbered fallbacks. */
  static List<String> localParts(Order.Persona persona) {
    String first = ascii(persona.firstName());
    String last = ascii(persona.lastName());
    if (first.isEmpty()) {
      first = last.isEmpty() ? "inbox" : last;
      last = "";
    }
    Set<String> forms = new LinkedHashSet<>();
    forms.add(first);
    if (!last.isEmpty()) {
      forms.add(first + "." + last);
      forms.add(first + last);
      forms.add(first.charAt(0) + "." + last);
      forms.add(first.charAt(0) + last);
      forms.add(first + "." + last.charAt(0));
      forms.add(last + "." + first);
    }
    List<String> all = new ArrayList<>(forms);
    for (int n = 2; n <= 99; n++) {
      all.add(first + n);
    }
    return all;
  }

  /** Lowercase ASCII letters and digits only: accents dropped, everything else removed. */
  static String ascii(String name) {
    if (name == null) {
      return "";
    }
    String plain =
        Normalizer.normalize(name, Normalizer.Form.NFD)
            .replaceAll("\\p{M}", "")
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]", "");
    return plain.length() > 30 ? plain.substring(0, 30) : plain;
  }
}
