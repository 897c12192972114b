package ai.peeker.swaps;

import ai.peeker.domains.MailProviderKind;
import ai.peeker.orders.Order;
import ai.peeker.partners.Scope;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * What swaps ask of the provisioning workflow, which implements it (the app wires them): the
 * provisioning steps that build the replacement domain, retire the old one and rename inboxes are
 * provisioning's, so it knows swaps and swaps know it only through this port. Every method joins
 * the swap's transaction, so a swap and its first job commit together.
 */
public interface SwapWork {
  /** How a connected domain is provisioned: its provider and the inboxes it carries. */
  record Slot(String orderId, MailProviderKind provider, int inboxCount) {}

  /** The domain's provisioning, if it has any. */
  Optional<Slot> slot(Handle h, Scope scope, String domainId);

  /**
   * Starts provisioning {@code newDomainId} for the swap: same provider, inbox count and persona
   * names as {@code oldDomainId}; the old one is retired once the new one is live ({@code
   * warmUntilRetired}: kept warm beside it first).
   */
  void startReplacement(
      Handle h,
      Scope scope,
      String swapId,
      String orderId,
      String oldDomainId,
      String newDomainId,
      boolean bought);

  /**
   * The replacement is the partner's imported domain still waiting for its nameservers: the swap
   * waits ({@code action_required}) and starts by itself once the import connects the domain, or
   * fails with the import.
   */
  void awaitReplacement(Handle h, Scope scope, String swapId);

  /** One inbox slot of a domain: its address now (null when not created yet) and its new one. */
  record Rename(String currentAddress, String newAddress, String firstName, String lastName) {
    public String displayName() {
      return ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName))
          .strip();
    }
  }

  /** What the domain's inboxes become under {@code personas}, slot by slot. */
  List<Rename> planRenames(Handle h, Scope scope, String domainId, List<Order.Persona> personas);

  /**
   * The domain's inboxes carry {@code personas} from now on (inboxes not created yet are created
   * with them); schedules the renaming of the existing ones for {@code swapIds} (one per slot, in
   * slot order). A domain waiting for pictures that are now public resumes.
   */
  void startRenames(
      Handle h,
      Scope scope,
      String orderId,
      String domainId,
      List<Order.Persona> personas,
      List<String> swapIds);
}
