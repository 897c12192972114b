package ai.peeker.provisioning;

import ai.peeker.domains.DomainLifecycle;
import ai.peeker.domains.DomainStatus;
import ai.peeker.domains.MailProviderKind;
import ai.peeker.events.EventType;
import ai.peeker.orders.Order;
import ai.peeker.orders.OrderProgress;
import ai.peeker.orders.OrderStatus;
import ai.peeker.orders.PendingActionReason;
import ai.peeker.orders.PendingActionType;
import ai.peeker.orders.PendingActions;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Scope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The steps themselves. Each calls its providers first (outside any transaction: they are other
 * systems), then records the step as done in one transaction with whatever rows and events it
 * produced. A crash between the two repeats the provider calls, which find their earlier effect.
 */
final class DomainSteps {
  private final DomainWorkflow workflow;

  DomainSteps(DomainWorkflow workflow) {
    this.workflow = workflow;
  }

  /** What came of a step. */
  enum Outcome {
    /** Done and recorded: the next step follows. */
    MOVED_ON,
    /** The domain or its order changed meanwhile (cancelled, failed): read the state again. */
    CHANGED,
    /** Waits for its pending actions. */
    PARKED,
    /** The last step: the domain is connected. */
    CONNECTED
  }

  /** Performs the current step and records it. */
  Outcome perform(WorkflowStore.State s, Providers p) {
    Scope scope = s.scope();
    return switch (s.step()) {
      case REGISTER -> {
        p.registrar().purchase(scope, s.domain());
        yield moveOn(s);
      }
      case DNS -> {
        List<DnsRecord> records =
            new ArrayList<>(p.mail(s.provider()).addDomain(scope, s.domain()));
        records.add(DnsRecord.txt("_dmarc", "v=DMARC1; p=none; rua=mailto:dmarc@" + s.domain()));
        List<String> nameservers = p.dns().ensureZone(scope, s.domain());
        p.dns().putRecords(scope, s.domain(), records);
        p.registrar().delegate(scope, s.domain(), nameservers);
        yield moveOn(s);
      }
      case VERIFY -> {
        if (!p.mail(s.provider()).verifyDomain(scope, s.domain())) {
          throw ProviderFailure.transientFailure(
              s.provider().wire()
                  + " does not see its verification record for "
                  + s.domain()
                  + " yet");
        }
        yield moveOn(s);
      }
      case INBOXES -> inboxes(s, p);
      case FORWARDING -> {
        if (s.forwardingUrl() != null) {
          p.forwarder().redirect(scope, s.domain(), s.forwardingUrl());
        }
        yield moveOn(s);
      }
      case SEQUENCER -> {
        var reads = workflow.progress();
        OrderProgress.SequencerLogin login =
            reads.withHandle(h -> workflow.orders().sequencerLogin(h, scope, s.orderId()));
        List<Sequencer.Inbox> inboxes =
            reads.withHandle(h -> WorkflowStore.inboxesToUpload(h, scope, s.domainId())).stream()
                .map(
                    i ->
                        new Sequencer.Inbox(
                            i.address(),
                            i.displayName(),
                            i.provider(),
                            i.sealedPassword() == null
                                ? null
                                : workflow.sealer().open(i.sealedPassword())))
                .toList();
        p.sequencer()
            .upload(
                scope,
                new Sequencer.Account(login.clientId(), login.email(), login.password()),
                inboxes);
        yield connect(s) ? Outcome.CONNECTED : Outcome.CHANGED;
      }
      case CONNECTED, FAILED, RELEASED ->
          throw new IllegalStateException("no work in step " + s.step());
    };
  }

  private Outcome moveOn(WorkflowStore.State s) {
    boolean moved = workflow.progress().withHandle(h -> WorkflowStore.moveOn(h, s, workflow.now()));
    return moved ? Outcome.MOVED_ON : Outcome.CHANGED;
  }

  /**
   * Creates the domain's inboxes. A Google domain whose personas carry a picture that is not a
   * public image URL raises one pending action per such persona and parks instead, until the
   * actions are resolved.
   */
  private Outcome inboxes(WorkflowStore.State s, Providers p) {
    Scope scope = s.scope();
    var jdbi = workflow.jdbi();
    Order order =
        workflow.progress().withHandle(h -> workflow.orders().find(h, scope, s.orderId()));
    List<Order.Persona> personas = personasOf(s, order);
    InboxPlan plan = InboxPlan.of(s.domain(), personas, s.firstPersona(), s.inboxCount());
    if (s.provider() == MailProviderKind.GOOGLE) {
      List<PendingActions.Cause> causes = pictureCauses(s, plan);
      if (!causes.isEmpty() && park(s, causes)) {
        return Outcome.PARKED;
      }
    }
    MailProvider mail = p.mail(s.provider());
    Map<String, String> sealed = new LinkedHashMap<>();
    for (InboxPlan.Inbox inbox : plan.inboxes()) {
      MailProvider.Mailbox mailbox = inbox.mailbox(s.domain());
      String password = MailboxPasswords.generate();
      mail.createMailbox(scope, s.domain(), mailbox, password);
      sealed.put(mailbox.address(), workflow.sealer().seal(password));
    }
    boolean moved =
        jdbi.inTransaction(
            h -> {
              for (InboxPlan.Inbox inbox : plan.inboxes()) {
                WorkflowStore.insertInbox(
                    h,
                    scope,
                    workflow.ids().next("inb_"),
                    s.orderId(),
                    s.domainId(),
                    inbox.mailbox(s.domain()),
                    s.provider(),
                    sealed.get(inbox.mailbox(s.domain()).address()),
                    workflow.now());
              }
              return WorkflowStore.moveOn(h, s, workflow.now());
            });
    return moved ? Outcome.MOVED_ON : Outcome.CHANGED;
  }

  /** The names the domain's inboxes carry: a user-name swap's, else the order's personas. */
  static List<Order.Persona> personasOf(WorkflowStore.State s, Order order) {
    return personasOf(s.personas(), order);
  }

  static List<Order.Persona> personasOf(String override, Order order) {
    List<Order.Persona> personas =
        override != null ? SwapWorkflow.parsePersonas(override) : order.personas();
    return personas.isEmpty() ? List.of(new Order.Persona("Inbox", "", null)) : personas;
  }

  private List<PendingActions.Cause> pictureCauses(WorkflowStore.State s, InboxPlan plan) {
    PictureUrls pictures = new PictureUrls(s.scope().environment() == Environment.LIVE);
    Map<Integer, PendingActions.Cause> causes = new LinkedHashMap<>();
    for (InboxPlan.Inbox inbox : plan.inboxes()) {
      String url = inbox.persona().profilePictureUrl();
      if (!PictureUrls.absent(url) && !pictures.isPublic(url)) {
        causes.putIfAbsent(
            inbox.personaIndex(),
            new PendingActions.Cause(
                s.orderId(),
                s.domainId(),
                s.domain(),
                PendingActionType.GOOGLE_PROFILE_PICTURE,
                PendingActionReason.PROFILE_PICTURE_NOT_ACCESSIBLE,
                inbox.personaIndex(),
                inbox.persona(),
                PendingActions.PICTURE_MESSAGE));
      }
    }
    return List.copyOf(causes.values());
  }

  /**
   * Raises the actions (once) and parks the domain while any is open; the order goes {@code
   * action_required}. False when every action was resolved already, so the step goes on.
   */
  private boolean park(WorkflowStore.State s, List<PendingActions.Cause> causes) {
    boolean[] parked = {false};
    workflow.inOrderTransaction(
        s,
        (h, fresh) -> {
          Scope scope = fresh.scope();
          PendingActions actions = workflow.actions();
          actions.raise(h, scope, causes);
          if (actions.openCount(h, scope, fresh.orderId(), fresh.domainId()) == 0) {
            return;
          }
          parked[0] = true;
          if (fresh.domainStatus() != DomainStatus.PROVISIONING) {
            return; // cancelled meanwhile: stop without a new status
          }
          DomainLifecycle.setStatus(h, scope, fresh.domainId(), DomainStatus.ACTION_REQUIRED);
          workflow
              .outbox()
              .append(
                  h,
                  scope,
                  EventType.DOMAIN_ACTION_REQUIRED,
                  fresh.domainId(),
                  WorkflowStore.snapshot(h, scope, fresh.domainId()));
          if (fresh.forSwap()) {
            // a swap's replacement blocks the swap, not the order
            workflow
                .swaps()
                .actionRequired(
                    h,
                    scope,
                    fresh.swapId(),
                    PendingActionReason.PROFILE_PICTURE_NOT_ACCESSIBLE.wire());
          } else if (fresh.orderStatus() == OrderStatus.IN_PROGRESS) {
            workflow.orders().moveTo(h, scope, fresh.orderId(), OrderStatus.ACTION_REQUIRED);
          }
        });
    return parked[0];
  }

  /**
   * The last step: the domain is active, {@code domain.connected}, maybe the order completes. False
   * when the domain was called off meanwhile.
   */
  private boolean connect(WorkflowStore.State s) {
    boolean[] connected = {false};
    workflow.inOrderTransaction(
        s,
        (h, fresh) -> {
          if (fresh.step() != Step.SEQUENCER
              || fresh.domainStatus() != DomainStatus.PROVISIONING
              || !fresh.orderAllows()) {
            return;
          }
          connected[0] = true;
          Scope scope = fresh.scope();
          WorkflowStore.advance(h, fresh, Step.SEQUENCER, Step.CONNECTED, null, workflow.now());
          DomainLifecycle.setStatus(h, scope, fresh.domainId(), DomainStatus.ACTIVE);
          workflow
              .outbox()
              .append(
                  h,
                  scope,
                  EventType.DOMAIN_CONNECTED,
                  fresh.domainId(),
                  WorkflowStore.snapshot(h, scope, fresh.domainId()));
          if (fresh.forSwap()) {
            workflow.swapWorkflow().connected(h, fresh);
          }
          DomainWorkflow.completeIfDone(
              h, scope, fresh.orderId(), fresh.orderStatus(), workflow.orders());
        });
    return connected[0];
  }
}
